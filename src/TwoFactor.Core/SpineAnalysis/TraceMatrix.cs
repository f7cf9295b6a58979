namespace TwoFactor.Core.SpineAnalysis;

/// <summary>
/// Size traces of a population of synapses (or spines): one row per synapse, one column per time point,
/// row-major. NaN marks a missing measurement; 0 marks an eliminated synapse.
/// </summary>
public sealed class TraceMatrix
{
    public TraceMatrix(int synapses, int timePoints, double[] values)
    {
        if (synapses < 0 || timePoints < 0) throw new ArgumentOutOfRangeException(nameof(synapses));
        if (values.Length != synapses * timePoints)
            throw new ArgumentException($"expected {synapses * timePoints} values for {synapses} x {timePoints}, got {values.Length}", nameof(values));
        Synapses = synapses;
        TimePoints = timePoints;
        Values = values;
    }

    public int Synapses { get; }
    public int TimePoints { get; }

    /// <summary>Row-major values: synapse i at time t is Values[i * TimePoints + t].</summary>
    public double[] Values { get; }

    public double this[int synapse, int time] => Values[synapse * TimePoints + time];

    public ReadOnlySpan<double> Row(int synapse) => Values.AsSpan(synapse * TimePoints, TimePoints);

    /// <summary>The last <paramref name="count"/> time points (all of them when the traces are shorter).</summary>
    public TraceMatrix LastTimePoints(int count)
    {
        if (count >= TimePoints) return this;
        var values = new double[Synapses * count];
        for (int i = 0; i < Synapses; i++)
            Row(i)[(TimePoints - count)..].CopyTo(values.AsSpan(i * count, count));
        return new TraceMatrix(Synapses, count, values);
    }
}
