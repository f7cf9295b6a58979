using System.Text;
using System.Text.Json;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Progress;

namespace TwoFactor.Cli.Output;

/// <summary>
/// Machine-readable `status --json` (one object) and `sweeps --json` (an array): snake_case keys, the same
/// counts the tables show, timestamps in ISO 8601 UTC.
/// </summary>
public static class StatusJson
{
    public static string Status(KnownSweep sweep, RunningCellsFile.Snapshot? running, bool runningIsLive)
    {
        return Write(json =>
        {
            json.WriteStartObject();
            WriteSummary(json, sweep);
            json.WriteString("journal", sweep.Journal);
            json.WriteNumber("remaining", sweep.Summary.Total - sweep.Summary.Done);
            json.WriteNumber("leases_lost", sweep.Summary.LeasesLost);
            json.WriteStartArray("failed_cells");
            foreach (var (cell, error) in sweep.Summary.FailedCells.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("cell_id", cell);
                json.WriteString("error", error);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (running is null) json.WriteNull("running_updated_at");
            else json.WriteString("running_updated_at", running.UpdatedAt.UtcDateTime);
            json.WriteBoolean("running_is_live", runningIsLive);
            json.WriteStartArray("running");
            foreach (var cell in running?.Running ?? []) WriteRunning(json, cell);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public static string Sweeps(IEnumerable<KnownSweep> sweeps) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var sweep in sweeps)
        {
            json.WriteStartObject();
            WriteSummary(json, sweep);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    private static void WriteSummary(Utf8JsonWriter json, KnownSweep sweep)
    {
        var s = sweep.Summary;
        json.WriteString("sweep_id", sweep.SweepId);
        json.WriteString("name", s.Sweep?.Name);
        json.WriteString("protocol", s.Sweep?.Protocol);
        json.WriteNumber("total", s.Total);
        json.WriteNumber("done", s.Done);
        json.WriteNumber("completed", s.Completed);
        json.WriteNumber("failed", s.Failed);
        json.WriteNumber("parts", s.Parts);
        json.WriteBoolean("finished", s.Finished);
        if (s.LastChange is { } last) json.WriteString("last_change", last.UtcDateTime);
        else json.WriteNull("last_change");
    }

    private static void WriteRunning(Utf8JsonWriter json, RunningCell cell)
    {
        json.WriteStartObject();
        json.WriteString("worker", cell.Worker);
        json.WriteString("cell_id", cell.CellId);
        json.WriteString("stage", cell.Stage);
        json.WriteNumber("step", cell.Step);
        json.WriteNumber("steps", cell.Steps);
        if (cell.Density is { } d && double.IsFinite(d)) json.WriteNumber("density", d);
        else json.WriteNull("density");
        if (cell.Error is { } e && double.IsFinite(e)) json.WriteNumber("error", e);
        else json.WriteNull("error");
        json.WriteString("started_at", cell.StartedAt.UtcDateTime);
        json.WriteString("reported_at", cell.ReportedAt.UtcDateTime);
        json.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
