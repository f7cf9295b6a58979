namespace TwoFactor.Reports;

/// <summary>
/// The figures of one protocol (or one study across protocols' rows, like the model comparison): which columns it
/// reads, and the figures the sweep's axes allow. A figure a sweep cannot have (one load only, no trajectories)
/// is left out with a note saying why, so the page explains what it does not show.
/// </summary>
public interface IFigureBuilder
{
    /// <summary>Columns every part must have for this builder (checked before anything is drawn).</summary>
    IReadOnlyList<string> Columns { get; }

    void Build(SweepResults results, Theory theory, FigureSet output);
}

/// <summary>Figures and notes collected while building a report.</summary>
public sealed class FigureSet
{
    public List<Figure> Figures { get; } = [];
    public List<string> Notes { get; } = [];

    public void Add(Figure figure) => Figures.Add(figure);
    public void Note(string note) => Notes.Add(note);
}

/// <summary>The builders for each protocol. Add one line to extend a protocol's report.</summary>
public static class FigureCatalog
{
    public static IReadOnlyList<IFigureBuilder> For(IProtocol protocol) => protocol.Name switch
    {
        "static" => [new StaticFigures(), new ModelComparisonFigure()],
        "wake-sleep" => [new WakeSleepFigures()],
        "synaptic-noise" => [new SynapticNoiseFigures()],
        _ => [],
    };

    public static IReadOnlyList<string> Columns(IProtocol protocol) => For(protocol).SelectMany(b => b.Columns).Distinct().ToList();
}
