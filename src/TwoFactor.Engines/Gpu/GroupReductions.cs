using ILGPU;
using ILGPU.Algorithms;

namespace TwoFactor.Engines.Gpu;

/// <summary>What one neuron's fields say at the start of an epoch (per thread, then for the whole group).</summary>
public struct FieldStatistics
{
    /// <summary>1 when some pattern has y h &lt;= 0.</summary>
    public int Error;
    /// <summary>Sum over patterns of |h| (m_i of the next epoch is this over M).</summary>
    public double AbsSum;
    /// <summary>min over patterns of |h| (the soft-min's shift).</summary>
    public double MinAbs;
    /// <summary>min over patterns of y h, and the lowest pattern index that attains it (phase A's mu*).</summary>
    public double WorstValue;
    public int Worst;

    public static FieldStatistics Empty => new()
    {
        Error = 0, AbsSum = 0, MinAbs = double.PositiveInfinity, WorstValue = double.PositiveInfinity, Worst = int.MaxValue,
    };

    /// <summary>
    /// Adds pattern <paramref name="mu"/>. Threads visit their patterns in increasing order, so the strict &lt;
    /// keeps the lowest index among equal values, as the reference's scan does.
    /// </summary>
    public void Add(int mu, double h, double yh)
    {
        if (yh <= 0) Error = 1;
        AbsSum += XMath.Abs(h);
        MinAbs = XMath.Min(MinAbs, XMath.Abs(h));
        if (yh < WorstValue)
        {
            WorstValue = yh;
            Worst = mu;
        }
    }
}

/// <summary>Two sums reduced together (one set of barriers for both).</summary>
public struct SumPair
{
    public double First;
    public double Second;
}

/// <summary>
/// Reductions over the threads of one group (one neuron): each thread contributes its partial value, and a tree
/// in shared memory combines them in a fixed order (thread t with t + s for s = G/2, G/4, ..., 1), so the result
/// depends only on the group size, never on timing, and every thread returns the same value. The group size
/// must be a power of two. Every thread of the group must call these (they contain barriers).
/// <para>
/// A scratch region may be reused by the next reduction only after at least one more barrier: the threads read
/// the result from it after the last barrier here. The kernel gives each reduction of an epoch its own region.
/// </para>
/// </summary>
public static class GroupReductions
{
    /// <summary>Sum of one value per thread; <paramref name="scratch"/> holds at least G doubles.</summary>
    public static double Sum(ArrayView<double> scratch, double value)
    {
        int t = Group.IdxX;
        scratch[t] = value;
        Group.Barrier();
        for (int s = Group.DimX / 2; s > 0; s >>= 1)
        {
            if (t < s) scratch[t] += scratch[t + s];
            Group.Barrier();
        }
        return scratch[0];
    }

    /// <summary>Two sums at once; <paramref name="scratch"/> holds at least 2 G doubles.</summary>
    public static SumPair Sum(ArrayView<double> scratch, SumPair value)
    {
        int t = Group.IdxX, g = Group.DimX;
        scratch[t] = value.First;
        scratch[g + t] = value.Second;
        Group.Barrier();
        for (int s = g / 2; s > 0; s >>= 1)
        {
            if (t < s)
            {
                scratch[t] += scratch[t + s];
                scratch[g + t] += scratch[g + t + s];
            }
            Group.Barrier();
        }
        return new SumPair { First = scratch[0], Second = scratch[g] };
    }

    /// <summary>
    /// Combines every thread's <see cref="FieldStatistics"/>: any error, sum and min of |h|, and the argmin of y h
    /// with the lowest index among ties (the reference's strict &lt; scan). <paramref name="scratch"/> holds at
    /// least 5 G doubles (indices are stored as doubles: exact below 2^53).
    /// </summary>
    public static FieldStatistics Combine(ArrayView<double> scratch, FieldStatistics value)
    {
        int t = Group.IdxX, g = Group.DimX;
        scratch[t] = value.Error;
        scratch[g + t] = value.AbsSum;
        scratch[2 * g + t] = value.MinAbs;
        scratch[3 * g + t] = value.WorstValue;
        scratch[4 * g + t] = value.Worst;
        Group.Barrier();
        for (int s = g / 2; s > 0; s >>= 1)
        {
            if (t < s)
            {
                int o = t + s;
                scratch[t] = XMath.Max(scratch[t], scratch[o]);
                scratch[g + t] += scratch[g + o];
                scratch[2 * g + t] = XMath.Min(scratch[2 * g + t], scratch[2 * g + o]);
                double mine = scratch[3 * g + t], other = scratch[3 * g + o];
                if (other < mine || (other == mine && scratch[4 * g + o] < scratch[4 * g + t]))
                {
                    scratch[3 * g + t] = other;
                    scratch[4 * g + t] = scratch[4 * g + o];
                }
            }
            Group.Barrier();
        }
        return new FieldStatistics
        {
            Error = (int)scratch[0],
            AbsSum = scratch[g],
            MinAbs = scratch[2 * g],
            WorstValue = scratch[3 * g],
            Worst = (int)scratch[4 * g],
        };
    }
}
