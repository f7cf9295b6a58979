namespace TwoFactor.Reports.Tests;

/// <summary>The test classes that share the three sweeps and their reports (run once).</summary>
[CollectionDefinition(Name)]
public sealed class ReportSweepsCollection : ICollectionFixture<ReportSweeps>
{
    public const string Name = "report sweeps";
}
