using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TwoFactor.Core.Recall;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Recall dynamics that give exactly the reference's states, faster. A synchronous step changes few neurons
/// once a cue nears an attractor, so fields are kept up to date by adding the weight column of each neuron
/// that switched on and subtracting that of each neuron that switched off: a step costs (switched neurons)
/// x N instead of (active neurons) x N. The first fields of a block of cues are summed together
/// (<see cref="RecallFieldKernels"/>), in the reference's order (bit-identical to it). The dynamics are
/// deterministic, so once a cue revisits an earlier state (a cycle, common for cues far from every pattern) its
/// state after the last step is read off the cycle instead of computed.
/// <para>
/// Incremental sums round differently from the reference's fresh sums, which could flip a neuron whose field
/// sits within rounding of its threshold. Both sums are within (terms added) x 2^-53 x (row L1 norm) of the
/// exact value, so wherever the maintained field is closer to the threshold than the two bounds together, the
/// field is recomputed in the reference's order before the neuron decides. Every decision, and therefore
/// every state, equals the reference's.
/// </para>
/// </summary>
public sealed class IncrementalRecallDynamics : IRecallDynamics
{
    /// <summary>Cues whose first fields are summed together: a tile of the weights is read from memory once per block.</summary>
    private const int CueBlock = 8;

    private long _exactRecomputations;
    private long _cyclesSkipped;

    /// <summary>
    /// W^T and row L1 norms per weight matrix, computed once: the cue tests run every job on the same network.
    /// Keyed by the array, so a network's weights must not change once it has been run (RecallExperiment never does).
    /// </summary>
    private readonly ConditionalWeakTable<double[], PreparedWeights> _prepared = new();

    public string Name => "simd";

    /// <summary>Fields recomputed in the reference's order because they were within rounding of the threshold (for tests).</summary>
    internal long ExactRecomputations => Interlocked.Read(ref _exactRecomputations);

    /// <summary>Cues whose remaining steps were read off a cycle of states instead of computed (for tests).</summary>
    internal long CyclesSkipped => Interlocked.Read(ref _cyclesSkipped);

    public void Run(RecallNetwork network, byte[] states, int batch, int steps)
    {
        int n = network.N;
        if (states.Length < (long)batch * n) throw new ArgumentException($"states hold {states.Length} bytes, {batch} cues of {n} need more", nameof(states));
        var (transposed, rowL1) = _prepared.GetValue(network.Weights,
            weights => new PreparedWeights(ReferenceRecallDynamics.Transpose(weights, n), RowL1Norms(weights, n)));
        var fields = new double[CueBlock * n];
        var scratch = new StepScratch(n, steps + 1);
        var active = new int[CueBlock][];
        for (int c = 0; c < CueBlock; c++) active[c] = new int[n];
        var activeCounts = new int[CueBlock];
        for (int first = 0; first < batch; first += CueBlock)
        {
            int count = Math.Min(CueBlock, batch - first);
            for (int c = 0; c < count; c++) activeCounts[c] = ActiveInputs(states.AsSpan((first + c) * n, n), active[c]);
            RecallFieldKernels.SumActiveRows(transposed, n, active, activeCounts, count, fields);
            for (int c = 0; c < count; c++)
                RunCue(network, transposed, rowL1, states.AsSpan((first + c) * n, n), fields.AsSpan(c * n, n), steps, scratch);
        }
    }

    private void RunCue(RecallNetwork network, double[] transposed, double[] rowL1, Span<byte> state, Span<double> field,
        int steps, StepScratch scratch)
    {
        int n = network.N, updates = steps + 1;
        var history = scratch.History.AsSpan(); // row t: the state after t updates
        state.CopyTo(history);
        long termsAdded = 0; // incremental additions since the fresh sums, the same for every neuron of this cue
        for (int t = 1; t <= updates; t++)
        {
            // Reference sum: at most n terms; maintained sum: n terms then termsAdded more; 2 for the (1 + u) factors.
            double slack = (2.0 * n + termsAdded + 2) * Math.ScaleB(1.0, -52);
            int changes = Decide(network, state, field, rowL1, slack, scratch);
            if (changes == 0) return; // a fixed point stays put: the remaining steps change nothing
            for (int c = 0; c < changes; c++)
            {
                int j = scratch.Changed[c];
                var column = transposed.AsSpan(j * n, n);
                if (state[j] == 0) TensorPrimitives.Add(field, column, field); // switches on
                else TensorPrimitives.Subtract(field, column, field);           // switches off
                state[j] ^= 1;
            }
            termsAdded += changes;
            if (t == updates) return;
            state.CopyTo(history.Slice(t * n, n));
            // The dynamics are deterministic: a state seen before repeats its cycle until the last update.
            for (int earlier = t - 2; earlier >= 0; earlier--)
            {
                if (!state.SequenceEqual(history.Slice(earlier * n, n))) continue;
                int final = earlier + (updates - earlier) % (t - earlier);
                history.Slice(final * n, n).CopyTo(state);
                Interlocked.Increment(ref _cyclesSkipped);
                return;
            }
        }
    }

    /// <summary>
    /// Next state of every neuron from the maintained fields; the neurons that switch are listed in
    /// <see cref="StepScratch.Changed"/> (ascending) and counted. The state itself is not changed yet.
    /// </summary>
    private int Decide(RecallNetwork network, ReadOnlySpan<byte> state, Span<double> field, double[] rowL1, double slack, StepScratch scratch)
    {
        int n = network.N, changes = 0, i = 0;
        var theta = network.Theta;
        if (Vector256.IsHardwareAccelerated)
        {
            var slackVector = Vector256.Create(slack);
            for (; i <= n - 4; i += 4)
            {
                var margin = Vector256.Create(field.Slice(i, 4)) - Vector256.Create(theta.AsSpan(i, 4));
                var near = Vector256.LessThanOrEqual(Vector256.Abs(margin), slackVector * Vector256.Create(rowL1.AsSpan(i, 4)));
                if (near == Vector256<double>.Zero)
                {
                    uint on = Vector256.GreaterThan(margin, Vector256<double>.Zero).ExtractMostSignificantBits();
                    for (uint switching = on ^ StateBits(state.Slice(i, 4)); switching != 0; switching &= switching - 1)
                        scratch.Changed[changes++] = i + BitOperations.TrailingZeroCount(switching);
                    continue;
                }
                for (int lane = 0; lane < 4; lane++)
                    if (DecideOne(network, state, field, rowL1, slack, i + lane)) scratch.Changed[changes++] = i + lane;
            }
        }
        for (; i < n; i++)
            if (DecideOne(network, state, field, rowL1, slack, i)) scratch.Changed[changes++] = i;
        return changes;
    }

    /// <summary>Four 0/1 bytes as the low four bits of a mask (byte k to bit k): the shifted copies do not overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint StateBits(ReadOnlySpan<byte> four) =>
        (uint)(((ulong)BinaryPrimitives.ReadUInt32LittleEndian(four) * 0x204081UL) >> 21) & 0xF;

    /// <summary>Whether neuron i switches; recomputes its field in the reference's order when rounding could decide.</summary>
    private bool DecideOne(RecallNetwork network, ReadOnlySpan<byte> state, Span<double> field, double[] rowL1, double slack, int i)
    {
        int n = network.N;
        double margin = field[i] - network.Theta[i];
        if (Math.Abs(margin) <= slack * rowL1[i])
        {
            double sum = 0;
            var row = network.Weights.AsSpan(i * n, n);
            for (int j = 0; j < n; j++) if (state[j] != 0) sum += row[j];
            field[i] = sum;
            margin = sum - network.Theta[i];
            Interlocked.Increment(ref _exactRecomputations);
        }
        byte next = margin > 0 ? (byte)1 : (byte)0;
        return next != state[i];
    }

    private static int ActiveInputs(ReadOnlySpan<byte> state, int[] indices)
    {
        int count = 0;
        for (int j = 0; j < state.Length; j++) if (state[j] != 0) indices[count++] = j;
        return count;
    }

    private static double[] RowL1Norms(double[] weights, int n)
    {
        var norms = new double[n];
        for (int i = 0; i < n; i++) norms[i] = TensorPrimitives.SumOfMagnitudes(weights.AsSpan(i * n, n));
        return norms;
    }

    private sealed record PreparedWeights(double[] Transposed, double[] RowL1);

    /// <summary>Per-call buffers: the neurons that switch in a step, and the states a cue went through.</summary>
    private sealed class StepScratch(int n, int updates)
    {
        public int[] Changed { get; } = new int[n];

        /// <summary>The states after 0..updates updates of one cue, one row of N each.</summary>
        public byte[] History { get; } = new byte[(updates + 1) * n];
    }
}
