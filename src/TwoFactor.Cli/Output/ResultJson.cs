using System.Text;
using System.Text.Json;
using TwoFactor.Core.Parameters;
using TwoFactor.Core.Simulation;
using TwoFactor.Sweeps;

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

    /// <summary>The resolved parameters in their canonical form: the keys that apply to the result's model.</summary>
    private static void WriteParameters(Utf8JsonWriter writer, ModelParameters p)
    {
        foreach (var (name, value) in StaticParameters.FromModel(p))
        {
            if (value is string[] list)
            {
                writer.WriteStartArray(name);
                foreach (var item in list) writer.WriteStringValue(item);
                writer.WriteEndArray();
            }
            else WriteValue(writer, name, value);
        }
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
