using System.Numerics;
using System.Runtime.InteropServices;
using TwoFactor.Core.Randomness;

namespace TwoFactor.Core.SpineAnalysis;

/// <summary>Which Lq norm of the synapse population is most stable over time (MODEL.md section 8).</summary>
/// <param name="Q">The q grid.</param>
/// <param name="CvMean">Rescaled CV at each q, mean over bootstrap resamples.</param>
/// <param name="CvStd">Standard deviation over resamples of the rescaled CV at each q.</param>
/// <param name="CvFull">Rescaled CV of the full (not resampled) set of surviving synapses.</param>
/// <param name="QMin">Mean over resamples of argmin_q CV.</param>
/// <param name="QMinStd">Standard deviation over resamples of argmin_q CV (the spread the paper reports).</param>
/// <param name="QMinFull">argmin_q of <paramref name="CvFull"/>.</param>
/// <param name="Surviving">Number of surviving synapses the norms are taken over.</param>
public sealed record NormStabilityResult(
    double[] Q,
    double[] CvMean,
    double[] CvStd,
    double[] CvFull,
    double QMin,
    double QMinStd,
    double QMinFull,
    int Surviving,
    int Resamples)
{
    /// <summary>No analysis possible (fewer than 2 survivors): every number NaN, the curves NaN on the grid.</summary>
    public static NormStabilityResult Undefined(double[] q, int surviving, int resamples)
    {
        double[] NaNs() => Enumerable.Repeat(double.NaN, q.Length).ToArray();
        return new NormStabilityResult(q, NaNs(), NaNs(), NaNs(), double.NaN, double.NaN, double.NaN, surviving, resamples);
    }
}

/// <summary>
/// For each q the Lq norm (sum_i w_i^q)^(1/q) over the surviving synapses at every time point, its coefficient of
/// variation over time (population std / mean), and the CVs rescaled to [0, 1] across q (so curves of different
/// processes can be compared). A bootstrap over synapses gives the mean curve and the spread of q_min.
/// <para>
/// Surviving synapse: every observed value is positive (it was never eliminated, w = 0, inside the window) and
/// at least one value is observed. Missing values (NaN) add nothing to the norm at their time point, as in the
/// reference analysis (nansum); a time point with no observed synapse in a resample is left out of that CV.
/// </para>
/// <para>
/// Bootstrap (<see cref="BootstrapScheme"/>): by default, as in the paper's analysis code, each resample draws n
/// synapses with replacement independently at every time point (a "bootstrapped neuron" of n measurements per
/// time point); <see cref="BootstrapScheme.WholeTraces"/> instead draws whole traces, keeping each synapse's
/// history intact. Resample r uses the stream Streams.For(seed, Bootstrap, r): results do not depend on the number
/// of threads.
/// </para>
/// </summary>
public enum BootstrapScheme
{
    /// <summary>Synapses redrawn independently at each time point (the paper's analysis code; reproduces its q_min).</summary>
    PerTimePoint,
    /// <summary>Whole traces redrawn (each resample is a population of intact synapse histories).</summary>
    WholeTraces,
}

public static class NormStability
{
    public const int DefaultResamples = 1000;
    public const long DefaultSeed = 123;

    /// <summary>q = 0.1, 0.2, ..., 4.4 (MODEL.md section 8).</summary>
    public static double[] DefaultQGrid() => Enumerable.Range(1, 44).Select(k => Math.Round(0.1 * k, 10)).ToArray();

    public static NormStabilityResult Analyze(TraceMatrix traces, int resamples = DefaultResamples, long seed = DefaultSeed,
        double[]? qGrid = null, BootstrapScheme scheme = BootstrapScheme.PerTimePoint, CancellationToken cancellationToken = default,
        int maxDegreeOfParallelism = -1, Action<double>? progress = null)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), "at least one bootstrap resample is needed");
        double[] q = qGrid ?? DefaultQGrid();
        if (q.Length == 0 || q.Any(v => !(v > 0))) throw new ArgumentException("q values must be positive", nameof(qGrid));
        if (traces.TimePoints < 2) throw new SpineDataException("at least 2 time points are needed for a CV over time");

        int[] survivors = Survivors(traces);
        if (survivors.Length < 2)
            throw new SpineDataException($"{survivors.Length} surviving synapse(s) (positive at every observed time point); at least 2 are needed");

        var powers = new PowerTable(traces, survivors, q);
        int n = survivors.Length, nq = q.Length, T = traces.TimePoints;

        var full = new Workspace(powers);
        Array.Fill(full.Counts, 1);
        double[] cvFull = full.RescaledCv();

        var cvAll = new double[resamples * nq];
        var qMinAll = new double[resamples];
        int done = 0, reportEvery = Math.Max(1, resamples / 50);
        Parallel.For(0, resamples, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => new Workspace(powers),
            (r, _, work) =>
            {
                var rng = Streams.For(seed, StreamPurpose.Bootstrap, r);
                Array.Clear(work.Counts);
                if (scheme == BootstrapScheme.PerTimePoint)
                {
                    for (int t = 0; t < T; t++)
                        for (int k = 0; k < n; k++) work.Counts[t * n + rng.NextInt(n)]++;
                }
                else
                {
                    for (int k = 0; k < n; k++) work.Counts[rng.NextInt(n)]++;
                    for (int t = 1; t < T; t++) Array.Copy(work.Counts, 0, work.Counts, t * n, n);
                }
                double[] cv = work.RescaledCv();
                cv.CopyTo(cvAll, r * nq);
                qMinAll[r] = q[ArgMin(cv)];
                int finished = Interlocked.Increment(ref done);
                if (progress is not null && finished % reportEvery == 0) progress((double)finished / resamples);
                return work;
            },
            _ => { });

        var cvMean = new double[nq];
        var cvStd = new double[nq];
        for (int j = 0; j < nq; j++)
        {
            double sum = 0, sumSq = 0;
            for (int r = 0; r < resamples; r++) sum += cvAll[r * nq + j];
            double mean = sum / resamples;
            for (int r = 0; r < resamples; r++) sumSq += Square(cvAll[r * nq + j] - mean);
            cvMean[j] = mean;
            cvStd[j] = Math.Sqrt(sumSq / resamples);
        }
        double qMean = qMinAll.Average();
        double qStd = Math.Sqrt(qMinAll.Sum(v => Square(v - qMean)) / resamples);
        return new NormStabilityResult(q, cvMean, cvStd, cvFull, qMean, qStd, q[ArgMin(cvFull)], n, resamples);
    }

    /// <summary>Indices of the surviving synapses (see the class comment).</summary>
    public static int[] Survivors(TraceMatrix traces)
    {
        var result = new List<int>();
        for (int i = 0; i < traces.Synapses; i++)
        {
            bool observed = false, positive = true;
            foreach (double w in traces.Row(i))
            {
                if (double.IsNaN(w)) continue;
                observed = true;
                if (!(w > 0)) { positive = false; break; }
            }
            if (observed && positive) result.Add(i);
        }
        return result.ToArray();
    }

    private static int ArgMin(double[] values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++) if (values[j] < values[best]) best = j;
        return best;
    }

    private static double Square(double x) => x * x;

    /// <summary>w^q for every time point, surviving synapse and q ([t][synapse][q]), NaN as 0; and which cells are observed.</summary>
    private sealed class PowerTable
    {
        public readonly double[] Q;
        public readonly int Synapses, TimePoints;
        public readonly double[] Powers;
        public readonly double[]? Observed; // [t][synapse], null when nothing is missing

        public PowerTable(TraceMatrix traces, int[] survivors, double[] q)
        {
            Q = q;
            Synapses = survivors.Length;
            TimePoints = traces.TimePoints;
            Powers = new double[TimePoints * Synapses * q.Length];
            bool anyMissing = false;
            for (int s = 0; s < Synapses; s++)
            {
                var row = traces.Row(survivors[s]);
                for (int t = 0; t < TimePoints; t++)
                for (int j = 0; j < q.Length; j++)
                    Powers[(t * Synapses + s) * q.Length + j] = double.IsNaN(row[t]) ? 0 : Math.Pow(row[t], q[j]);
                foreach (double w in row) anyMissing |= double.IsNaN(w);
            }
            if (!anyMissing) return;
            Observed = new double[TimePoints * Synapses];
            for (int s = 0; s < Synapses; s++)
            {
                var row = traces.Row(survivors[s]);
                for (int t = 0; t < TimePoints; t++) Observed[t * Synapses + s] = double.IsNaN(row[t]) ? 0 : 1;
            }
        }
    }

    /// <summary>Per-thread buffers: multiplicity of each synapse at each time point ([t][synapse]) in the current resample and the summed powers.</summary>
    private sealed class Workspace(PowerTable table)
    {
        public readonly int[] Counts = new int[table.TimePoints * table.Synapses];
        private readonly double[] _sums = new double[table.Q.Length * table.TimePoints];
        private readonly double[] _observed = new double[table.TimePoints];
        private readonly double[] _cv = new double[table.Q.Length];

        /// <summary>CV over time of each Lq norm for the current counts, rescaled to [0, 1] across q.</summary>
        public double[] RescaledCv()
        {
            int n = table.Synapses, nq = table.Q.Length, T = table.TimePoints;
            Array.Clear(_sums);
            Array.Clear(_observed);
            for (int t = 0; t < T; t++)
            {
                var sums = _sums.AsSpan(t * nq, nq);
                for (int s = 0; s < n; s++)
                {
                    int c = Counts[t * n + s];
                    if (c == 0) continue;
                    AddScaled(sums, table.Powers.AsSpan((t * n + s) * nq, nq), c);
                    if (table.Observed is { } observed) _observed[t] += c * observed[t * n + s];
                }
            }

            for (int j = 0; j < table.Q.Length; j++)
            {
                double inverse = 1.0 / table.Q[j];
                double sum = 0, sumSq = 0;
                int count = 0;
                for (int t = 0; t < T; t++)
                {
                    if (table.Observed is not null && _observed[t] == 0) continue;
                    double norm = Math.Pow(_sums[t * nq + j], inverse);
                    sum += norm;
                    sumSq += norm * norm;
                    count++;
                }
                double mean = sum / count;
                double variance = Math.Max(0, sumSq / count - mean * mean);
                _cv[j] = count > 0 && mean > 0 ? Math.Sqrt(variance) / mean : double.NaN;
            }

            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (double v in _cv)
            {
                if (double.IsNaN(v)) continue;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            var rescaled = new double[_cv.Length];
            for (int j = 0; j < _cv.Length; j++)
                rescaled[j] = double.IsNaN(_cv[j]) ? double.NaN : max > min ? (_cv[j] - min) / (max - min) : 0;
            return rescaled;
        }

        /// <summary>acc += c * row, element by element (no horizontal sums: the same bits whatever the vector width).</summary>
        private static void AddScaled(Span<double> acc, ReadOnlySpan<double> row, double c)
        {
            var accV = MemoryMarshal.Cast<double, Vector<double>>(acc);
            var rowV = MemoryMarshal.Cast<double, Vector<double>>(row);
            var cV = new Vector<double>(c);
            for (int k = 0; k < accV.Length; k++) accV[k] += cV * rowV[k];
            for (int k = accV.Length * Vector<double>.Count; k < acc.Length; k++) acc[k] += c * row[k];
        }
    }
}
