using TwoFactor.Core.Parameters;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Core.Tests;

public class SynapseTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Product_weight_is_the_product_of_factors_and_gradient_the_product_of_the_others(int z)
    {
        var synapse = SynapseModel.Create(SynapseKind.Product, z);
        var u = Enumerable.Range(1, z).Select(k => 0.1 * k + 0.05).ToArray();
        double expected = u.Aggregate(1.0, (a, b) => a * b);
        Assert.Equal(expected, synapse.Weight(u), 15);
        var gradient = new double[z];
        synapse.Gradient(u, gradient);
        for (int k = 0; k < z; k++) Assert.Equal(expected / u[k], gradient[k], 12);
    }

    [Fact]
    public void Power_weight_is_u_to_the_z_and_gradient_drops_the_constant()
    {
        var synapse = SynapseModel.Create(SynapseKind.Power, 3);
        Assert.Equal(0.125, synapse.Weight([0.5]), 15);
        var g = new double[1];
        synapse.Gradient([0.5], g);
        Assert.Equal(0.25, g[0], 15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Difference_starts_at_u0_to_the_z(int z)
    {
        var synapse = SynapseModel.Create(SynapseKind.Signed, z);
        var u = new double[2];
        synapse.Initialize(() => 0.3, u);
        Assert.Equal(Math.Pow(0.3, z), synapse.Weight(u), 12);
        Assert.Equal(0.3, u[1], 15);
    }

    [Fact]
    public void Clipped_difference_keeps_weights_non_negative_and_free_one_does_not()
    {
        var clipped = SynapseModel.Create(SynapseKind.Signed, 2);
        var free = SynapseModel.Create(SynapseKind.SignedFree, 2);
        double[] a = [0.2, 0.5], b = [0.2, 0.5];
        clipped.Clip(a, dead: false);
        free.Clip(b, dead: false);
        Assert.True(clipped.Weight(a) >= 0);
        Assert.True(free.Weight(b) < 0);
        Assert.True(free.IsAlive(free.Weight(b)));
    }

    [Fact]
    public void Clip_floors_factors_and_holds_dead_connections_at_the_floor()
    {
        var synapse = SynapseModel.Create(SynapseKind.Product, 2);
        double[] negative = [-0.3, 0.4];
        synapse.Clip(negative, dead: false);
        Assert.Equal(SynapseModel.Floor, negative[0]);
        Assert.Equal(0.4, negative[1]);
        double[] dead = [0.3, 0.4];
        synapse.Clip(dead, dead: true);
        Assert.All(dead, x => Assert.Equal(SynapseModel.Floor, x));
        Assert.False(synapse.IsAlive(synapse.Weight(dead)));
    }
}
