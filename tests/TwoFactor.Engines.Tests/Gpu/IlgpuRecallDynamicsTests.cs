using TwoFactor.Core.Recall;
using TwoFactor.Engines.Gpu;

namespace TwoFactor.Engines.Tests.Gpu;

/// <summary>
/// The shared recall suite against the device's recall kernel on ILGPU's CPU accelerator (groups of two threads),
/// or on CUDA when the environment says TWOFACTOR_TEST_DEVICE=cuda; plus what the device version adds: calls from
/// many threads at once, the weights cache, and other group sizes.
/// </summary>
public sealed class IlgpuRecallDynamicsTests : RecallDynamicsSuite, IDisposable
{
    private readonly IlgpuDevice _device = IlgpuDevice.Open(forceCpu: !IlgpuTrainerEquivalenceTests.OnCuda);

    public void Dispose() => _device.Dispose();

    protected override IRecallDynamics CreateDynamics() => new IlgpuRecallDynamics(_device);

    private static byte[] ReferenceStates(RecallNetwork network, byte[] cues, int batch, int steps)
    {
        var expected = (byte[])cues.Clone();
        new ReferenceRecallDynamics().Run(network, expected, batch, steps);
        return expected;
    }

    /// <summary>
    /// Neurons 0-2 stay on; neuron 3's threshold is exactly its field summed in the reference's order (0 + w30 +
    /// w31 + w32), and the other orders of the three terms round above it, so a kernel that sums in another
    /// order (descending j, say) switches neuron 3 on where the reference keeps it silent.
    /// </summary>
    [Fact]
    public void Fields_are_summed_in_the_reference_order()
    {
        var w = WeightsWhoseOtherOrdersRoundHigh();
        const int n = 4;
        var weights = new double[n * n];
        for (int j = 0; j < 3; j++) weights[3 * n + j] = w[j];
        var network = new RecallNetwork(n, weights, [-1, -1, -1, 0 + w[0] + w[1] + w[2]]);
        var cues = new byte[] { 1, 1, 1, 0 };
        Assert.Equal(new byte[] { 1, 1, 1, 0 }, ReferenceStates(network, cues, 1, 3));

        using var dynamics = new IlgpuRecallDynamics(_device);
        dynamics.Run(network, cues, 1, 3);
        Assert.Equal(new byte[] { 1, 1, 1, 0 }, cues);
    }

    /// <summary>
    /// Three weights whose sum in ascending order (from 0) is below their sum in the other orders. Addition
    /// commutes, so an order is which pair is added first: (w0 + w1) + w2 is the reference's, and (w0 + w2) + w1
    /// and (w1 + w2) + w0 (descending order among them) must round higher.
    /// </summary>
    private static double[] WeightsWhoseOtherOrdersRoundHigh()
    {
        int[][] otherOrders = [[0, 2, 1], [1, 2, 0]];
        var random = new Random(5);
        for (int attempt = 0; attempt < 100_000; attempt++)
        {
            double[] w = [random.NextDouble(), random.NextDouble(), random.NextDouble()];
            double ascending = 0 + w[0] + w[1] + w[2];
            if (otherOrders.All(o => 0 + w[o[0]] + w[o[1]] + w[o[2]] > ascending)) return w;
        }
        throw new InvalidOperationException("no weights found");
    }

    [Fact]
    public void Its_name_says_where_it_runs()
    {
        using var dynamics = new IlgpuRecallDynamics(_device);
        Assert.Equal(IlgpuTrainerEquivalenceTests.OnCuda ? "cuda" : "cuda(cpu-accelerator)", dynamics.Name);
    }

    /// <summary>
    /// RecallExperiment calls Run from a Parallel.For: here four threads share one instance and alternate between
    /// two networks, so the cached weights are replaced while other calls wait for the device.
    /// </summary>
    [Fact]
    public void Concurrent_calls_on_one_instance_give_the_reference_states()
    {
        const int n = 24, batch = 5, steps = 20;
        var problems = new[] { RandomProblem(n, batch, seed: 1), RandomProblem(n, batch, seed: 2) };
        var expected = problems.Select(p => ReferenceStates(p.Network, p.Cues, batch, steps)).ToArray();
        using var dynamics = new IlgpuRecallDynamics(_device);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            for (int call = 0; call < 6; call++)
            {
                int which = (worker + call) % 2;
                var states = (byte[])problems[which].Cues.Clone();
                dynamics.Run(problems[which].Network, states, batch, steps);
                if (!states.AsSpan().SequenceEqual(expected[which])) failures.Add($"worker {worker} call {call} (network {which})");
            }
        });
        Assert.Empty(failures);
    }

    /// <summary>The cue tests run every job on one network: its weights cross to the device once.</summary>
    [Fact]
    public void Weights_are_uploaded_once_per_network()
    {
        var (network, cues) = RandomProblem(16, 3, seed: 5);
        using var dynamics = new IlgpuRecallDynamics(_device);
        dynamics.Run(network, (byte[])cues.Clone(), 3, 4);
        dynamics.Run(network, (byte[])cues.Clone(), 3, 4);
        Assert.Equal(1, dynamics.WeightUploads);

        // Synaptic tests bring a new matrix each job: a new array is a new network, even with equal values.
        var copy = network with { Weights = (double[])network.Weights.Clone() };
        var states = (byte[])cues.Clone();
        dynamics.Run(copy, states, 3, 4);
        Assert.Equal(2, dynamics.WeightUploads);
        Assert.Equal(ReferenceStates(network, cues, 3, 4), states);
    }

    /// <summary>
    /// One thread per group (no splitting), and four with N = 13 (threads own four neurons or three), so the
    /// barriers and the group-wide early stop are exercised with uneven shares.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Other_group_sizes_give_the_reference_states(int groupSize)
    {
        if (IlgpuTrainerEquivalenceTests.OnCuda) return; // group sizes are a CPU-accelerator setting
        const int n = 13, batch = 6, steps = 30;
        var (network, cues) = RandomProblem(n, batch, seed: 7);
        using var device = IlgpuDevice.OpenCpu(groupSize);
        using var dynamics = new IlgpuRecallDynamics(device);
        var states = (byte[])cues.Clone();
        dynamics.Run(network, states, batch, steps);
        Assert.Equal(ReferenceStates(network, cues, batch, steps), states);
    }
}
