namespace TwoFactor.Core.Simulation;

/// <summary>
/// The output columns of one result type (SimulationResult, WakeSleepResult), each a snake_case name with the
/// function that reads it, in a fixed order: the JSON keys of the CLI and the Parquet columns. Names, types and
/// order never depend on a result (a test that was not run gives null or an empty list), so a results schema can
/// be built from the columns alone.
/// </summary>
public sealed class ResultColumns<TResult>(IReadOnlyList<ResultColumns<TResult>.Scalar> scalars, IReadOnlyList<ResultColumns<TResult>.List> lists)
{
    /// <param name="Type">The CLR type of the value: double?, long?, bool? or bool.</param>
    public sealed record Scalar(string Name, Type Type, Func<TResult, object?> Value);

    /// <param name="ElementType">double for curves; long for integer lists (epochs, indices), which
    /// <see cref="Lists"/> gives as whole doubles and the results store writes as integers.</param>
    public sealed record List(string Name, Func<TResult, double[]> Value, Type? ElementType = null)
    {
        public Type Type => ElementType ?? typeof(double);
    }

    /// <summary>A double column (a nullable double in the schema: a metric that could not be computed is null).</summary>
    public static Scalar Double(string name, Func<TResult, double> value) => new(name, typeof(double?), r => value(r));

    public IReadOnlyList<KeyValuePair<string, object?>> Scalars(TResult result) =>
        scalars.Select(c => new KeyValuePair<string, object?>(c.Name, c.Value(result))).ToList();

    public IReadOnlyList<KeyValuePair<string, double[]>> Lists(TResult result) =>
        lists.Select(c => new KeyValuePair<string, double[]>(c.Name, c.Value(result))).ToList();

    public IReadOnlyList<(string Name, Type Type)> ScalarColumns { get; } = scalars.Select(c => (c.Name, c.Type)).ToList();

    public IReadOnlyList<(string Name, Type Type)> ListColumns { get; } = lists.Select(c => (c.Name, c.Type)).ToList();
}
