using System.Text;
using System.Text.Json;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;

namespace TwoFactor.Cli.Output;

/// <summary>
/// One JSON object per simulation: the scalar outputs and curves under their Parquet column names at the top
/// level, the resolved parameters under "parameters". NaN and infinities become null (JSON has no NaN).
/// </summary>
public static class ResultJson
{
    public static string Serialize(SimulationResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("engine", result.Engine);
            foreach (var (name, value) in result.Scalars()) WriteValue(writer, name, value);
            foreach (var (name, values) in result.Lists())
            {
                writer.WriteStartArray(name);
                foreach (double v in values) WriteNumber(writer, v);
                writer.WriteEndArray();
            }
            writer.WriteStartObject("parameters");
            WriteParameters(writer, result.Parameters);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteParameters(Utf8JsonWriter writer, ModelParameters p)
    {
        writer.WriteNumber("N", p.N);
        writer.WriteNumber("alpha", p.Alpha ?? double.NaN);
        writer.WriteNumber("M", p.PatternCount);
        writer.WriteNumber("f", p.F);
        writer.WriteNumber("z", p.Z);
        writer.WriteString("synapse", EnumNames.Name(p.Synapse));
        writer.WriteString("patterns", EnumNames.Name(p.Patterns));
        writer.WriteString("memory", EnumNames.Name(p.Memory));
        writer.WriteNumber("eta", p.EffectiveEta);
        writer.WriteNumber("eta_theta", p.EffectiveEtaTheta);
        writer.WriteNumber("L", p.EffectiveL);
        writer.WriteNumber("beta", p.Beta);
        writer.WriteNumber("u0", p.U0);
        writer.WriteNumber("max_epochs", p.EffectiveMaxEpochs);
        writer.WriteNumber("convergence_interval", p.ConvergenceInterval);
        writer.WriteNumber("seed", p.Seed);
        writer.WriteString("precision", EnumNames.Name(p.Precision));
        writer.WriteStartArray("tests");
        foreach (var t in p.Tests) writer.WriteStringValue(EnumNames.Name(t));
        writer.WriteEndArray();
        writer.WriteNumber("noise_levels", p.NoiseLevels);
        writer.WriteNumber("noise_max", p.NoiseMax);
        writer.WriteNumber("n_tests", p.RecallRepetitions);
        writer.WriteNumber("recall_steps", p.RecallSteps);
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        writer.WritePropertyName(name);
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: WriteNumber(writer, d); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
