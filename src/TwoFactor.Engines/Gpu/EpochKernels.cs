using ILGPU;
using ILGPU.Algorithms;
using TwoFactor.Core.Synapses;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Device code of the ILGPU engine: one thread group per neuron (neurons train independently, MODEL.md section 2),
/// many epochs per launch. Inside a group the threads split each step: inputs j (weights, the plasticity step,
/// clip, normalization: thread t owns j = t, t + G, ...), patterns mu (fields, soft-min weights: thread t owns
/// mu = t, t + G, ...), and group reductions (<see cref="GroupReductions"/>) give every thread the neuron-wide
/// numbers. One body for both precisions (<see cref="IKernelPrecision{T}"/>): in float64 the arithmetic is the
/// reference's, and only the order of some sums differs (see <see cref="Run{T, TPrecision}"/>); in float32 factors,
/// weights, fields and both products are floats, with float64 where docs/engines.md ("float32") says it is needed.
/// <para>
/// No epoch needs anything from another neuron, so a launch runs epochs back to back without global
/// synchronization. The network-wide phase decision (does any neuron err?) cannot be made on the device: the
/// launch runs every epoch in the phase the host chose, counts per epoch the neurons that err at its start
/// (<see cref="Views{T}.ErrorCounts"/>), and the host replays from a snapshot where that guess was wrong
/// (<see cref="EpochLauncher{T, TPrecision}"/>).
/// </para>
/// </summary>
public static class EpochKernels
{
    /// <summary>Buffers of the network on the device, one view each; T is the kernel's element type.</summary>
    public struct Views<T> where T : unmanaged
    {
        public ArrayView<T> Factors;              // [(i K + k) N + j], the NetworkState layout
        public ArrayView<double> Theta;           // [i]
        public ArrayView<double> MeanAbsPrev;     // m_i: mean |h| of the previous epoch [i]
        public ArrayView<byte> PatternsByInput;   // xi 0/1 [j M + mu]: threads over mu read consecutive bytes
        public ArrayView<byte> PatternsByPattern; // xi 0/1 [mu N + j]: threads over j read consecutive bytes
        public ArrayView<double> Targets;         // y [i M + mu]
        public ArrayView<T> Weights;              // scratch [i N + j]: this epoch's w, read by all threads of the group
        public ArrayView<T> Gradients;            // scratch, factor layout: dw/du before this epoch's update
        public ArrayView<int> ErrorCounts;        // [e]: neurons that err at the start of the launch's epoch e
    }

    /// <summary>Doubles of reduction scratch per group: field statistics 5 G, soft-min sums 2 G, sum of squares G.</summary>
    private static int ScratchDoubles(int groupSize) => 8 * groupSize;

    /// <summary>
    /// Bytes of dynamic shared memory per group: the reduction scratch (<see cref="ScratchDoubles"/>), then fields [M]
    /// and signed soft-min weights [M] in the element type (<paramref name="elementBytes"/> each, 4 or 8: 2 M of
    /// them fill whole doubles, so the total is a multiple of 8).
    /// </summary>
    public static long SharedBytes(int m, int groupSize, int elementBytes) => ScratchDoubles(groupSize) * sizeof(double) + 2L * m * elementBytes;

    /// <summary>
    /// One launch: for e = 0 .. Epochs - 1, step 1 (weights, dw/du, fields, error test) then steps 2-5 in the
    /// launch's phase, and step 1 once more after the last epoch, so the error count of the next epoch is known.
    /// Grid: N groups (group i trains neuron i); G threads per group, a power of two.
    /// <para>
    /// Fields are summed over j in increasing order, as the reference does, and phase A's mu* is the reference's
    /// (lowest index among equal y h). The sums over threads (sum of squared factors, mean |h|, soft-min sums) are
    /// trees, which round differently from the reference's left-to-right sums, and phase B divides by sum a once
    /// per sum instead of once per term: in float64, results agree with the reference to rounding, not bitwise.
    /// They are bitwise the same for every number of epochs per launch (the order depends only on G).
    /// </para>
    /// <para>
    /// In float32 (T = float) a field is a float sum of float weights; h = sum - theta is taken in double (theta is
    /// double) and rounded to float once, and the statistics of h (error test, min and sum of |h|, mu*) are double.
    /// The soft-min weights a and their sums are double, each stored as a float (a is in (0, 1], the largest is 1,
    /// so a float keeps its relative precision); the drive is a float sum of them, divided by sum a in double. The
    /// factor step is float (eta drive rounded once), the sum of squares and the normalization's scale are double.
    /// </para>
    /// </summary>
    public static void Run<T, TPrecision>(EpochKernelParameters p, Views<T> v)
        where T : unmanaged
        where TPrecision : struct, IKernelPrecision<T>
    {
        var x = default(TPrecision);
        int i = Grid.IdxX;
        int t = Group.IdxX, g = Group.DimX;
        int n = p.N, m = p.M;
        var shared = SharedMemory.GetDynamic<double>();
        var statisticsScratch = shared.SubView(0, 5 * g);
        var softMinScratch = shared.SubView(5 * g, 2 * g);
        var squaresScratch = shared.SubView(7 * g, g);
        // The per-pattern vectors follow the scratch (8 G doubles: aligned for any element type).
        var perPattern = shared.SubView(ScratchDoubles(g)).Cast<T>();
        var fields = perPattern.SubView(0, m);
        var signedSoftMin = perPattern.SubView(m, m);

        // Every thread keeps theta_i and m_i in registers (they change only by group-wide values); thread 0 writes them back.
        double theta = v.Theta[i];
        double meanAbs = v.MeanAbsPrev[i];
        for (int e = 0; ; e++)
        {
            // Step 1: weights and dw/du of this thread's inputs; fields of its patterns once all weights are written.
            for (int j = t; j < n; j += g) v.Weights[i * n + j] = WeightAndGradient<T, TPrecision>(i, j, p, v);
            Group.Barrier();
            var local = FieldStatistics.Empty;
            for (int mu = t; mu < m; mu += g)
            {
                T sum = x.FromDouble(0);
                for (int j = 0; j < n; j++) sum = x.Add(sum, x.Multiply(x.FromPattern(v.PatternsByInput[j * m + mu]), v.Weights[i * n + j]));
                T h = x.FromDouble(x.ToDouble(sum) - theta);
                fields[mu] = h;
                double hd = x.ToDouble(h);
                local.Add(mu, hd, v.Targets[i * m + mu] * hd);
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
                for (int j = t; j < n; j += g) squares += StepInput<T, TPrecision>(i, j, v.PatternsByPattern[worst * n + j] * y, p, v);
            }
            else
            {
                // Phase B: a = exp(-beta (|h| - min |h|) / m_i) (the shift cancels in the normalization and keeps
                // exp from underflowing), G_j = sum_mu a sign(h) xi_j / sum a, theta step sum_mu a sign(h) / sum a.
                double scale = meanAbs > 0 ? meanAbs : 1.0;
                var sums = new SumPair { First = 0, Second = 0 };
                for (int mu = t; mu < m; mu += g)
                {
                    double h = x.ToDouble(fields[mu]);
                    double a = XMath.Exp(-p.Beta * (XMath.Abs(h) - stats.MinAbs) / scale);
                    double signedA = a * Sign(h);
                    signedSoftMin[mu] = x.FromDouble(signedA);
                    sums.First += a;
                    sums.Second += signedA;
                }
                sums = GroupReductions.Sum(softMinScratch, sums); // its barriers also publish signedSoftMin
                thetaStep = sums.Second / sums.First;
                for (int j = t; j < n; j += g)
                {
                    T drive = x.FromDouble(0);
                    for (int mu = 0; mu < m; mu++) drive = x.Add(drive, x.Multiply(signedSoftMin[mu], x.FromPattern(v.PatternsByPattern[mu * n + j])));
                    squares += StepInput<T, TPrecision>(i, j, x.ToDouble(drive) / sums.First, p, v);
                }
            }
            meanAbs = stats.AbsSum / m;
            theta -= p.EtaTheta * thetaStep;

            // Step 5: homeostatic normalization of the neuron's factors.
            T factor = x.FromDouble(XMath.Sqrt(p.NormalizationTarget / GroupReductions.Sum(squaresScratch, squares)));
            for (int j = t; j < n; j += g)
            {
                for (int f = 0; f < p.K; f++) v.Factors[(i * p.K + f) * n + j] = x.Multiply(v.Factors[(i * p.K + f) * n + j], factor);
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
    /// factors below the floor to the floor; difference form: b &lt;= a). Returns the input's sum of squared
    /// factors (double in both precisions: N terms per neuron feed the normalization).
    /// </summary>
    private static double StepInput<T, TPrecision>(int i, int j, double drive, EpochKernelParameters p, Views<T> v)
        where T : unmanaged
        where TPrecision : struct, IKernelPrecision<T>
    {
        var x = default(TPrecision);
        int n = p.N, k = p.K;
        double w = x.ToDouble(v.Weights[i * n + j]);
        bool alive = j != i && (p.SynapseCode == 3 ? XMath.Abs(w) > SynapseModel.AliveThreshold : w > SynapseModel.AliveThreshold);
        T step = x.FromDouble(p.Eta * drive);
        T floor = x.FromDouble(SynapseModel.Floor);
        for (int f = 0; f < k; f++)
        {
            int idx = (i * k + f) * n + j;
            T u = v.Factors[idx];
            if (alive) u = x.Add(u, x.Multiply(step, v.Gradients[idx]));
            v.Factors[idx] = !alive || x.ToDouble(u) < SynapseModel.Floor ? floor : u;
        }
        if (p.SynapseCode == 2)
        {
            int ia = (i * 2) * n + j, ib = (i * 2 + 1) * n + j;
            if (x.ToDouble(v.Factors[ib]) > x.ToDouble(v.Factors[ia])) v.Factors[ib] = v.Factors[ia];
        }
        double squares = 0;
        for (int f = 0; f < k; f++)
        {
            double u = x.ToDouble(v.Factors[(i * k + f) * n + j]);
            squares += u * u;
        }
        return squares;
    }

    /// <summary>w_ij and dw/du_ijk (written to Gradients) in the reference's multiplication order.</summary>
    private static T WeightAndGradient<T, TPrecision>(int i, int j, EpochKernelParameters p, Views<T> v)
        where T : unmanaged
        where TPrecision : struct, IKernelPrecision<T>
    {
        var x = default(TPrecision);
        int n = p.N, k = p.K;
        if (p.SynapseCode == 0)
        {
            T w = x.FromDouble(1);
            for (int f = 0; f < k; f++) w = x.Multiply(w, v.Factors[(i * k + f) * n + j]);
            for (int f = 0; f < k; f++)
            {
                T g = x.FromDouble(1);
                for (int l = 0; l < k; l++) if (l != f) g = x.Multiply(g, v.Factors[(i * k + l) * n + j]);
                v.Gradients[(i * k + f) * n + j] = g;
            }
            return w;
        }
        if (p.SynapseCode == 1)
        {
            T u = v.Factors[i * n + j];
            v.Gradients[i * n + j] = IntPow<T, TPrecision>(u, p.Z - 1);
            return IntPow<T, TPrecision>(u, p.Z);
        }
        T a = v.Factors[(i * 2) * n + j], b = v.Factors[(i * 2 + 1) * n + j];
        v.Gradients[(i * 2) * n + j] = IntPow<T, TPrecision>(a, p.Z - 1);
        v.Gradients[(i * 2 + 1) * n + j] = x.Multiply(x.FromDouble(-1), IntPow<T, TPrecision>(b, p.Z - 1));
        return x.Add(IntPow<T, TPrecision>(a, p.Z), x.Multiply(x.FromDouble(-1), IntPow<T, TPrecision>(b, p.Z)));
    }

    private static T IntPow<T, TPrecision>(T value, int power)
        where T : unmanaged
        where TPrecision : struct, IKernelPrecision<T>
    {
        var x = default(TPrecision);
        T r = x.FromDouble(1);
        for (int q = 0; q < power; q++) r = x.Multiply(r, value);
        return r;
    }

    private static double Sign(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}
