using TwoFactor.Core.Baselines;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Randomness;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Simulation;

namespace TwoFactor.Core.Tests.Baselines;

public class HebbianRuleTests
{
    /// <summary>J_ij = (1 / (N f (1-f))) sum_mu (xi_i - f)(xi_j - f), J_ii = 0, written out by loops.</summary>
    private static double[] NaiveCovariance(BaselineProblem problem)
    {
        int n = problem.N;
        double f = problem.F;
        var j = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < n; c++)
            {
                if (c == i) continue;
                double sum = 0;
                for (int mu = 0; mu < problem.M; mu++) sum += (problem.Patterns[mu, i] - f) * (problem.Patterns[mu, c] - f);
                j[i * n + c] = sum / (n * f * (1 - f));
            }
        return j;
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    public void Clip_weights_equal_the_covariance_formula_clipped_at_zero(double f)
    {
        var problem = BaselineProblems.Problem(BaselineProblems.Parameters(ModelKind.Hebbian, n: 60, alpha: 0.2, f: f));
        var network = new HebbianRule().Build(problem);
        var expected = NaiveCovariance(problem);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(Math.Max(0, expected[k]), network.Weights[k], 12); // within 1e-12: float-noise entries are 0
        Assert.Contains(expected, v => v < 0); // the clip did something
    }

    [Fact]
    public void Offset_weights_are_the_covariance_minus_its_minimum_with_a_dead_diagonal()
    {
        var p = BaselineProblems.Parameters(ModelKind.Hebbian, n: 60, alpha: 0.2) with { Sign = HebbianSign.Offset };
        var problem = BaselineProblems.Problem(p);
        var network = new HebbianRule().Build(problem);
        var j = NaiveCovariance(problem);
        int n = problem.N;
        double min = Enumerable.Range(0, n * n).Where(k => k / n != k % n).Min(k => j[k]);
        for (int k = 0; k < j.Length; k++) Assert.Equal(k / n == k % n ? 0 : j[k] - min, network.Weights[k], 12);
    }

    /// <summary>
    /// MODEL.md 9.1: under activity-preserving cue noise, offset storage is signed covariance storage with a constant
    /// inhibition: with K active inputs, the offset field sum_j (J_ij + c) s_j - theta_i equals the signed field
    /// sum_j J_ij s_j - theta_i + c (K - s_i) (c = -min J). Exact patterns and exact cue noise keep K = f N, so one
    /// step of the recall dynamics on the offset network gives the signed-plus-inhibition network's next state.
    /// </summary>
    [Fact]
    public void Offset_recall_under_exact_cue_noise_equals_signed_covariance_storage_with_constant_inhibition()
    {
        var p = BaselineProblems.Parameters(ModelKind.Hebbian, n: 80, alpha: 0.1) with { Sign = HebbianSign.Offset, Patterns = PatternKind.Exact };
        var problem = BaselineProblems.Problem(p);
        var offset = new HebbianRule().Build(problem);
        var j = NaiveCovariance(problem);
        int n = problem.N, k = (int)Math.Round(0.5 * n);
        double c = -Enumerable.Range(0, n * n).Where(x => x / n != x % n).Min(x => j[x]);

        var rng = Streams.For(1, StreamPurpose.RecallNoise);
        var states = (byte[])problem.Patterns.Bits.Clone();
        for (int mu = 0; mu < problem.M; mu++) NoiseInjection.Exact(states.AsSpan(mu * n, n), 0.15, rng);
        var cues = (byte[])states.Clone();
        new ReferenceRecallDynamics().Run(new RecallNetwork(n, offset.Weights, offset.Theta), states, problem.M, steps: 0);

        int flipsSeen = 0;
        for (int mu = 0; mu < problem.M; mu++)
        {
            var cue = cues.AsSpan(mu * n, n);
            Assert.Equal(k, cue.ToArray().Count(b => b == 1));
            for (int i = 0; i < n; i++)
            {
                double h = -offset.Theta[i] + c * (k - cue[i]);
                for (int x = 0; x < n; x++) h += j[i * n + x] * cue[x];
                // Inputs are sums of few distinct values and margin-optimal thetas are midpoints of such sums, so h
                // can be 0 in exact arithmetic: there the two roundings may differ. Judge the others.
                if (Math.Abs(h) < 1e-9) continue;
                Assert.Equal(h > 0 ? 1 : 0, states[mu * n + i]);
                if (states[mu * n + i] != cue[i]) flipsSeen++;
            }
        }
        Assert.True(flipsSeen > 0, "the step changed nothing: the check would be vacuous");
    }

    [Fact]
    public void A_baseline_stores_the_same_patterns_as_two_factor_for_the_same_seed()
    {
        var twoFactor = new ModelParameters { N = 50, Alpha = 0.2, Seed = 7 };
        var setup = SimulationRunner.BuildSetup(twoFactor);
        foreach (var model in Enum.GetValues<ModelKind>())
        {
            var (patterns, _) = SimulationRunner.BuildPatterns(twoFactor with { Model = model, Z = 3, Synapse = SynapseKind.Power });
            Assert.Equal(setup.Patterns.Bits, patterns.Bits);
        }
        Assert.NotEqual(setup.Patterns.Bits, SimulationRunner.BuildPatterns(twoFactor with { Seed = 8 }).Patterns.Bits);
    }
}
