using TwoFactor.Core.Theory;

namespace TwoFactor.Core.Tests;

public class TheoryTableTests
{
    private static TheoryTable Load(string name)
    {
        using var reader = File.OpenText(RepositoryFiles.Path("data", "theory", name));
        return TheoryTable.Parse(reader, name);
    }

    [Theory]
    [InlineData(0.08, 0.072)]
    [InlineData(0.2, 0.163)]
    [InlineData(0.33, 0.244)]
    public void L1_theory_density_matches_the_published_checks(double alpha, double density) =>
        Assert.Equal(density, Load("theory_l1_z2.csv").InterpolateAtAlpha(0.5, alpha, "density"), 3);

    [Theory]
    [InlineData(0.08, 1.146)]
    [InlineData(0.2, 0.621)]
    [InlineData(0.33, 0.398)]
    public void L2_theory_kappa_matches_the_published_checks(double alpha, double kappa) =>
        Assert.Equal(kappa, Load("theory_l2_z1.csv").InterpolateAtAlpha(0.5, alpha, "kappa"), 3);

    [Fact]
    public void Malformed_rows_are_reported_with_line_and_column()
    {
        var error = Assert.Throws<FormatException>(() => TheoryTable.Parse(new StringReader("f,alpha\n0.5,0.1\n0.5,abc\n"), "x.csv"));
        Assert.Equal("x.csv:3: column 'alpha' is not a number: 'abc'", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Load("theory_l2_z1.csv").InterpolateAtAlpha(0.5, 5.0, "kappa"));
    }
}
