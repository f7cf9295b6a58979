using System.Text.RegularExpressions;

namespace TwoFactor.Sweeps.Tests;

public sealed partial class DocsTests
{
    private static readonly string Doc = File.ReadAllText(RepositoryFiles.Path("docs", "results-schema.md"));

    /// <summary>Test-name fragments of the static protocol's per-test columns (noise_&lt;test&gt;, tolerance_&lt;test&gt;_censored, ...).</summary>
    private static readonly string[] TestFragments = Enum.GetValues<Core.Parameters.RobustnessTest>()
        .Select(Core.Simulation.SimulationResult.ColumnName).ToArray();

    [Theory]
    [InlineData("static")]
    [InlineData("wake-sleep")]
    [InlineData("synaptic-noise")]
    public void The_results_schema_document_names_every_column_of_every_protocol(string protocolName)
    {
        var protocol = ProtocolCatalog.Get(protocolName);
        string section = Section(protocolName);
        var shared = ResultSchema.LeadingColumns.Concat(ResultSchema.TrailingColumns).ToHashSet();
        var missing = ResultSchema.For(protocol).Fields.Select(f => f.Name)
            // Identity, status and metadata columns are described once, in the static protocol's section.
            .Where(name => !Documented(shared.Contains(name) ? Section("static") : section, name))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Integer_lists_and_censoring_flags_are_documented_with_their_types()
    {
        Assert.Contains("`trajectory_epoch` (BIGINT[])", Section("static"));
        Assert.Contains("`trajectory_epoch` (BIGINT[])", Section("wake-sleep"));
        Assert.Contains("`replayed_pattern_index` (BIGINT[])", Section("wake-sleep"));
        Assert.Contains("`tolerance_<test>_censored` (BOOLEAN)", Section("static"));
    }

    private static bool Documented(string text, string column) =>
        text.Contains($"`{column}`", StringComparison.Ordinal)
        || TestFragments.Any(t => column.Contains(t, StringComparison.Ordinal)
                                  && text.Contains($"`{column.Replace(t, "<test>")}`", StringComparison.Ordinal));

    /// <summary>The text under "## Columns (protocol `name`)" up to the next protocol's columns heading.</summary>
    private static string Section(string protocol)
    {
        var headings = ColumnsHeading().Matches(Doc).ToList();
        var heading = headings.SingleOrDefault(m => m.Groups[1].Value == protocol);
        Assert.True(heading is not null, $"docs/results-schema.md has no section \"## Columns (protocol `{protocol}`)\"");
        int end = headings.FirstOrDefault(m => m.Index > heading.Index)?.Index ?? Doc.Length;
        return Doc[heading.Index..end];
    }

    [GeneratedRegex(@"^## Columns \(protocol `([^`]+)`\)", RegexOptions.Multiline)]
    private static partial Regex ColumnsHeading();
}
