using TwoFactor.Core.Parameters;

namespace TwoFactor.Core.Tests;

public class ParameterValidationTests
{
    public static TheoryData<ModelParameters, string, string> Invalid => new()
    {
        { new ModelParameters { F = 0 }, "f", "(0, 1)" },
        { new ModelParameters { F = 1.2 }, "f", "(0, 1)" },
        { new ModelParameters { N = 1 }, "N", ">= 2" },
        { new ModelParameters { M = 0, Alpha = null }, "M", ">= 1" },
        { new ModelParameters { Z = 0 }, "z", ">= 1" },
        { new ModelParameters { Eta = 0 }, "eta", "> 0" },
        { new ModelParameters { EtaTheta = -1 }, "eta_theta", "> 0" },
        { new ModelParameters { L = -2 }, "L", "> 0" },
        { new ModelParameters { Synapse = (SynapseKind)17 }, "synapse", "product, power, signed, signed-free" },
        { new ModelParameters { F = 0.1 }, "noise_max", "min(f, 1-f)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_parameters_are_named_with_the_allowed_range(ModelParameters p, string parameter, string allowed)
    {
        var errors = p.Validate();
        Assert.Contains(errors, e => e.Parameter == parameter && e.Reason.Contains(allowed));
        var thrown = Assert.Throws<InvalidParametersException>(() => p.EnsureValid());
        Assert.Contains(parameter, thrown.Message);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var errors = new ModelParameters { N = 0, F = 2, Z = 0, Eta = -1 }.Validate();
        Assert.Equal(["N", "f", "z", "eta"], errors.Select(e => e.Parameter).Distinct().Take(4));
    }

    [Fact]
    public void Defaults_are_valid_and_resolve_to_the_paper_values_per_z()
    {
        Assert.Empty(new ModelParameters().Validate());
        var z1 = new ModelParameters { Z = 1, N = 1000, Alpha = 0.08 }.Resolve();
        Assert.Equal(80, z1.M);
        Assert.Equal(1e-4, z1.Eta);
        Assert.Equal(1e-3, z1.EtaTheta);
        Assert.Equal(10, z1.L);
        Assert.Equal(500L * 80 * 25, z1.MaxEpochs);
        var z3 = new ModelParameters { Z = 3 }.Resolve();
        Assert.Equal((7e-3, 7e-3, 50.0), (z3.Eta!.Value, z3.EtaTheta!.Value, z3.L!.Value));
    }

    [Fact]
    public void Sparse_coding_is_valid_once_the_noise_grid_fits_the_balanced_test() =>
        Assert.Empty(new ModelParameters { F = 0.1, NoiseMax = 0.1 }.Validate());
}
