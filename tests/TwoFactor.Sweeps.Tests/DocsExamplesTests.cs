using System.Text.RegularExpressions;

namespace TwoFactor.Sweeps.Tests;

/// <summary>
/// Every ```sql example in README.md and docs/ runs with DuckDB against one results folder that holds real
/// small sweeps of every protocol side by side (with their journal.db, as `twofactor run` leaves them), so
/// an example that breaks on a mixed folder, or names a column that does not exist, fails here.
/// </summary>
public sealed partial class DocsExamplesTests : IClassFixture<DocsExamplesTests.MixedResults>
{
    private readonly MixedResults _results;

    public DocsExamplesTests(MixedResults results) => _results = results;

    public static TheoryData<string, int> Queries()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, index, _) in SqlBlocks()) data.Add(file, index);
        return data;
    }

    [Fact]
    public void The_docs_have_example_queries_for_mixed_folders_and_for_every_protocol()
    {
        var sql = SqlBlocks().Select(b => b.Sql).ToList();
        Assert.True(sql.Count >= 6, $"expected the example queries of README.md and docs/results-schema.md, found {sql.Count}");
        Assert.Contains(sql, q => q.Contains("union_by_name = true", StringComparison.Ordinal));
        foreach (var protocol in ProtocolCatalog.Names.Where(p => p != "static"))
            Assert.Contains(sql, q => ProtocolOf(q) == protocol);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_example_query_runs_on_a_folder_with_every_protocol(string file, int index)
    {
        string sql = SqlBlocks().Single(b => b.File == file && b.Index == index).Sql;
        string sweepId = _results.SweepIds[ProtocolOf(sql)];
        string runnable = sql.Replace("'results/", $"'{_results.Root}/", StringComparison.Ordinal).Replace("<sweep_id>", sweepId, StringComparison.Ordinal);
        var rows = DuckDb.Query(runnable);
        Assert.True(rows.Count > 0, $"{file} example {index} returned no rows:\n{sql}");
    }

    /// <summary>An example about one protocol says so in its first comment line ("(protocol wake-sleep)"); the rest are static.</summary>
    private static string ProtocolOf(string sql)
    {
        var first = sql.Split('\n')[0];
        return ProtocolCatalog.Names.FirstOrDefault(p => first.Contains($"protocol {p}", StringComparison.Ordinal)) ?? "static";
    }

    private static IEnumerable<(string File, int Index, string Sql)> SqlBlocks()
    {
        var files = new[] { RepositoryFiles.Path("README.md") }
            .Concat(Directory.GetFiles(RepositoryFiles.Path("docs"), "*.md").Where(f => Path.GetFileName(f) != "MODEL.md").Order(StringComparer.Ordinal));
        foreach (var path in files)
        {
            int index = 0;
            foreach (Match m in SqlBlock().Matches(File.ReadAllText(path)))
                yield return (Path.GetRelativePath(RepositoryFiles.Root, path), index++, m.Groups[1].Value.Trim());
        }
    }

    [GeneratedRegex(@"^```sql\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

    /// <summary>results/ with one small sweep per protocol, each cell really computed, plus the files a run leaves beside the parts.</summary>
    public sealed class MixedResults : IDisposable
    {
        private readonly TempFolder _temp = new();

        public MixedResults()
        {
            Root = Path.Combine(_temp.Path, "results");
            SweepIds = new Dictionary<string, string>
            {
                ["static"] = Write("""
                    name: docs-static
                    base: {N: 20, max_epochs: 200, convergence_interval: 100, trajectory_interval: 50, tests: [cue-isotropic], noise_levels: 3, n_tests: 2}
                    axes:
                      alpha: [0.1, 0.2]
                      z: [1, 2]
                    """),
                ["wake-sleep"] = Write("""
                    name: docs-wake-sleep
                    protocol: wake-sleep
                    base: {N: 200, f: 0.1, alpha: 0.3, sleep_epochs: 40, record_interval: 20, recall_levels: 3, n_tests: 1, recall_steps: 5}
                    """),
                ["synaptic-noise"] = Write("""
                    name: docs-synaptic-noise
                    protocol: synaptic-noise
                    base: {synapses: 60, duration: 150, window: 60, bootstrap: 5}
                    axes:
                      model: [z-factor, kesten]
                    """),
            };
        }

        public string Root { get; }

        public IReadOnlyDictionary<string, string> SweepIds { get; }

        private string Write(string yaml)
        {
            var plan = Sweeps.Plan(yaml);
            var protocol = ProtocolCatalog.Get(plan.Protocol);
            var rows = plan.Cells.Select(c => protocol.Execute(c, new ExecutionOptions(), CancellationToken.None)).ToList();
            Assert.All(rows, r => Assert.True(r.Status == CellStatus.Completed, r.ErrorMessage));
            var store = new ResultStore(Root, plan.SweepId);
            store.WriteSpecSnapshot(plan.CanonicalYaml);
            store.CommitPart(0, rows, protocol);
            // What else `twofactor run` leaves in the folder: a reader must not trip over it.
            File.WriteAllText(Path.Combine(store.Directory, "journal.db"), "SQLite format 3\0not parquet");
            File.WriteAllText(Path.Combine(store.Directory, "summary.txt"), "cells: " + rows.Count);
            return plan.SweepId;
        }

        public void Dispose() => _temp.Dispose();
    }
}
