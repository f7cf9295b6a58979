using ILGPU;
using ILGPU.Algorithms;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Device code of the ILGPU engine: one thread group per neuron (neurons train independently, MODEL.md section 2),
/// many epochs per launch. Inside a group the threads split each step: inputs j (weights, the plasticity step,
/// clip, normalization: thread t owns j = t, t + G, ...), patterns mu (fields, soft-min weights: thread t owns
/// mu = t, t + G, ...), and group reductions (<see cref="GroupReductions"/>) give every thread the neuron-wide
/// numbers. Arithmetic is the reference's, in double precision; only the order of some sums differs (see
/// <see cref="Run"/>).
/// <para>
/// No epoch needs anything from another neuron, so a launch runs epochs back to back without global
/// synchronization. The network-wide phase decision (does any neuron err?) cannot be made on the device: the
/// launch runs every epoch in the phase the host chose, counts per epoch the neurons that err at its start
/// (<see cref="Views.ErrorCounts"/>), and the host replays from a snapshot where that guess was wrong
/// (<see cref="EpochLauncher"/>).
/// </para>
/// </summary>
public static class EpochKernels
{
    /// <summary>Buffers of the network on the device, one view each.</summary>
    public struct Views
    {
        public ArrayView<double> Factors;         // [(i K + k) N + j], the NetworkState layout
        public ArrayView<double> Theta;           // [i]
        public ArrayView<double> MeanAbsPrev;     // m_i: mean |h| of the previous epoch [i]
        public ArrayView<byte> PatternsByInput;   // xi 0/1 [j M + mu]: threads over mu read consecutive bytes
        public ArrayView<byte> PatternsByPattern; // xi 0/1 [mu N + j]: threads over j read consecutive bytes
        public ArrayView<double> Targets;         // y [i M + mu]
        public ArrayView<double> Weights;         // scratch [i N + j]: this epoch's w, read by all threads of the group
        public ArrayView<double> Gradients;       // scratch, factor layout: dw/du before this epoch's update
        public ArrayView<int> ErrorCounts;        // [e]: neurons that err at the start of the launch's epoch e
    }

    /// <summary>
    /// Doubles of dynamic shared memory per group: fields [M], signed soft-min weights [M], and one scratch region
    /// per reduction of an epoch (field statistics 5 G, soft-min sums 2 G, sum of squares G).
    /// </summary>
    public static int SharedDoubles(int m, int groupSize) => 2 * m + 8 * groupSize;

    /// <summary>
    /// One launch: for e = 0 .. Epochs - 1, step 1 (weights, dw/du, fields, error test) then steps 2-5 in the
    /// launch's phase, and step 1 once more after the last epoch, so the error count of the next epoch is known.
    /// Grid: N groups (group i trains neuron i); G threads per group, a power of two.
    /// <para>
    /// Fields are summed over j in increasing order, as the reference does, and phase A's mu* is the reference's
    /// (lowest index among equal y h). The sums over threads (sum of squared factors, mean |h|, soft-min sums) are
    /// trees, which round differently from the reference's left-to-right sums, and phase B divides by sum a once
    /// per sum instead of once per term: results agree with the reference to rounding, not bitwise. They are
    /// bitwise the same for every number of epochs per launch (the order depends only on G).
    /// </para>
    /// </summary>
    public static void Run(EpochKernelParameters p, Views v)
    {
        int i = Grid.IdxX;
        int t = Group.IdxX, g = Group.DimX;
        int n = p.N, m = p.M;
        var shared = SharedMemory.GetDynamic<double>();
        var fields = shared.SubView(0, m);
        var signedSoftMin = shared.SubView(m, m);
        var statisticsScratch = shared.SubView(2 * m, 5 * g);
        var softMinScratch = shared.SubView(2 * m + 5 * g, 2 * g);
        var squaresScratch = shared.SubView(2 * m + 7 * g, g);

        // Every thread keeps theta_i and m_i in registers (they change only by group-wide values); thread 0 writes them back.
        double theta = v.Theta[i];
        double meanAbs = v.MeanAbsPrev[i];
        for (int e = 0; ; e++)
        {
            // Step 1: weights and dw/du of this thread's inputs; fields of its patterns once all weights are written.
            for (int j = t; j < n; j += g) v.Weights[i * n + j] = WeightAndGradient(i, j, p, v);
            Group.Barrier();
            var local = FieldStatistics.Empty;
            for (int mu = t; mu < m; mu += g)
            {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += v.PatternsByInput[j * m + mu] * v.Weights[i * n + j];
                double h = sum - theta;
                fields[mu] = h;
                local.Add(mu, h, v.Targets[i * m + mu] * h);
            }
            var stats = GroupReductions.Combine(statisticsScratch, local);
            if (t == 0 && stats.Error != 0) Atomic.Add(ref v.ErrorCounts[e], 1);
            if (e == p.Epochs)
            {
                if (p.InitializeMeanAbs != 0) meanAbs = stats.AbsSum / m;
                break;
            }

            // Steps 2-3: the drive of this thread's inputs and the threshold step.
            double thetaStep;
            double squares = 0;
            if (p.PhaseB == 0)
            {
                // Phase A: the pattern of smallest y h drives a perceptron step on its active inputs.
                int worst = stats.Worst;
                double y = v.Targets[i * m + worst];
                thetaStep = y;
                for (int j = t; j < n; j += g) squares += StepInput(i, j, v.PatternsByPattern[worst * n + j] * y, p, v);
            }
            else
            {
                // Phase B: a = exp(-beta (|h| - min |h|) / m_i) (the shift cancels in the normalization and keeps
                // exp from underflowing), G_j = sum_mu a sign(h) xi_j / sum a, theta step sum_mu a sign(h) / sum a.
                double scale = meanAbs > 0 ? meanAbs : 1.0;
                var sums = new SumPair { First = 0, Second = 0 };
                for (int mu = t; mu < m; mu += g)
                {
                    double h = fields[mu];
                    double a = XMath.Exp(-p.Beta * (XMath.Abs(h) - stats.MinAbs) / scale);
                    double signedA = a * Sign(h);
                    signedSoftMin[mu] = signedA;
                    sums.First += a;
                    sums.Second += signedA;
                }
                sums = GroupReductions.Sum(softMinScratch, sums); // its barriers also publish signedSoftMin
                thetaStep = sums.Second / sums.First;
                for (int j = t; j < n; j += g)
                {
                    double drive = 0;
                    for (int mu = 0; mu < m; mu++) drive += signedSoftMin[mu] * v.PatternsByPattern[mu * n + j];
                    squares += StepInput(i, j, drive / sums.First, p, v);
                }
            }
            meanAbs = stats.AbsSum / m;
            theta -= p.EtaTheta * thetaStep;

            // Step 5: homeostatic normalization of the neuron's factors.
            double factor = XMath.Sqrt(p.NormalizationTarget / GroupReductions.Sum(squaresScratch, squares));
            for (int j = t; j < n; j += g)
            {
                for (int f = 0; f < p.K; f++) v.Factors[(i * p.K + f) * n + j] *= factor;
            }
        }
        if (t == 0)
        {
            v.Theta[i] = theta;
            v.MeanAbsPrev[i] = meanAbs;
        }
    }

    /// <summary>
    /// Steps 2 and 4 for input j: u += eta drive dw/du on alive connections, then the clip (dead connections and
    /// factors below the floor to the floor; difference form: b &lt;= a). Returns the input's sum of squared factors.
    /// </summary>
    private static double StepInput(int i, int j, double drive, EpochKernelParameters p, Views v)
    {
        int n = p.N, k = p.K;
        double w = v.Weights[i * n + j];
        bool alive = j != i && (p.SynapseCode == 3 ? XMath.Abs(w) > SynapseModel.AliveThreshold : w > SynapseModel.AliveThreshold);
        double step = p.Eta * drive;
        for (int f = 0; f < k; f++)
        {
            int idx = (i * k + f) * n + j;
            double u = v.Factors[idx];
            if (alive) u += step * v.Gradients[idx];
            v.Factors[idx] = !alive || u < SynapseModel.Floor ? SynapseModel.Floor : u;
        }
        if (p.SynapseCode == 2)
        {
            int ia = (i * 2) * n + j, ib = (i * 2 + 1) * n + j;
            if (v.Factors[ib] > v.Factors[ia]) v.Factors[ib] = v.Factors[ia];
        }
        double squares = 0;
        for (int f = 0; f < k; f++)
        {
            double u = v.Factors[(i * k + f) * n + j];
            squares += u * u;
        }
        return squares;
    }

    /// <summary>w_ij and dw/du_ijk (written to Gradients) in the reference's multiplication order.</summary>
    private static double WeightAndGradient(int i, int j, EpochKernelParameters p, Views v)
    {
        int n = p.N, k = p.K;
        if (p.SynapseCode == 0)
        {
            double w = 1;
            for (int f = 0; f < k; f++) w *= v.Factors[(i * k + f) * n + j];
            for (int f = 0; f < k; f++)
            {
                double g = 1;
                for (int l = 0; l < k; l++) if (l != f) g *= v.Factors[(i * k + l) * n + j];
                v.Gradients[(i * k + f) * n + j] = g;
            }
            return w;
        }
        if (p.SynapseCode == 1)
        {
            double u = v.Factors[i * n + j];
            v.Gradients[i * n + j] = IntPow(u, p.Z - 1);
            return IntPow(u, p.Z);
        }
        double a = v.Factors[(i * 2) * n + j], b = v.Factors[(i * 2 + 1) * n + j];
        v.Gradients[(i * 2) * n + j] = IntPow(a, p.Z - 1);
        v.Gradients[(i * 2 + 1) * n + j] = -IntPow(b, p.Z - 1);
        return IntPow(a, p.Z) - IntPow(b, p.Z);
    }

    private static double IntPow(double x, int power)
    {
        double r = 1;
        for (int q = 0; q < power; q++) r *= x;
        return r;
    }

    private static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}
