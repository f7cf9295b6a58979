namespace TwoFactor.Sweeps.Tests;

public sealed class DocsTests
{
    [Fact]
    public void The_results_schema_document_names_every_column()
    {
        string doc = File.ReadAllText(RepositoryFiles.Path("docs", "results-schema.md"));
        var missing = ResultSchema.For(ProtocolCatalog.Get("static")).Fields.Select(f => f.Name)
            .Where(name => !doc.Contains($"`{name}`", StringComparison.Ordinal)
                           && !doc.Contains($"`{name.Split('_')[0]}_<test>`", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
    }
}
