namespace TwoFactor.Core.Recall;

/// <summary>A fixed network for recall: weights row-major (<c>W[i * N + j]</c>) and thresholds.</summary>
public sealed record RecallNetwork(int N, double[] Weights, double[] Theta);

/// <summary>
/// Synchronous binary dynamics s_i &lt;- H(sum_j w_ij s_j - theta_i), H(x) = 1 if x &gt; 0 (MODEL.md section 2),
/// run on a batch of cues. The hot loop of every robustness test, so engines may provide faster versions.
/// </summary>
public interface IRecallDynamics
{
    string Name { get; }

    /// <summary>
    /// For each of the <paramref name="batch"/> cues (rows of <paramref name="states"/>, B x N, 0/1), runs
    /// <paramref name="steps"/> synchronous updates and then one more, overwriting the row with the final state.
    /// A state that is a fixed point may stop early: further steps would not change it.
    /// </summary>
    void Run(RecallNetwork network, byte[] states, int batch, int steps);
}
