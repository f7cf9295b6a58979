using Akka.Actor;
using Akka.Serialization;
using TwoFactor.Cluster.Hosting;
using TwoFactor.Cluster.Logging;
using TwoFactor.Cluster.Messages;
using TwoFactor.Cluster.Progress;
using TwoFactor.Cluster.Serialization;
using TwoFactor.Sweeps;

namespace TwoFactor.Cluster.Tests;

/// <summary>Journal records use the explicit serializer; wire messages keep the CLR types of cell parameters.</summary>
public class SerializationTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystemBootstrap.Start("serialization",
        ActorSystemBootstrap.Config(new LogSettings(), ActorSystemBootstrap.LocalTransport, journal: null));

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private object RoundTrip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    [Fact]
    public void Journal_records_round_trip_through_the_versioned_serializer()
    {
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        IProgressEvent[] events =
        [
            new SweepRegisteredV1("abc", "tiny", "static", 12, at),
            new PartRecordedV1("part-00003.parquet", 3, ["c1", "c2"], [new FailedCellV1("c3", "diverged")], at),
            new LeaseLostV1(7, "akka.tcp://twofactor@127.0.0.1:4053/slot-1", "node removed", at),
            new ProgressSnapshotV1(new SweepRegisteredV1("abc", "tiny", "static", 12, at),
                [new RecordedPartV1("part-00000.parquet", 0, ["c1"], [])], [new UnitLossesV1(7, 2)]),
        ];
        foreach (var e in events)
        {
            Assert.IsType<ProgressSerializer>(_system.Serialization.FindSerializerFor(e));
            var back = RoundTrip(e);
            Assert.Equal(e.GetType(), back.GetType());
            // Records compare lists by reference: compare the JSON of both instead.
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(e, e.GetType()), System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        }
    }

    [Fact]
    public void Leases_and_results_keep_parameter_types_across_the_wire()
    {
        var plan = TestSweeps.Plan("wire", seeds: 1);
        var cell = plan.Cells[0];
        var lease = (WorkLeased)RoundTrip(new WorkLeased(plan.SweepId, 1, 0, [cell], TimeSpan.FromSeconds(60)));
        var back = lease.Cells[0];
        Assert.Equal(cell.CellId, back.CellId);
        Assert.Equal("wire", back.SweepName);
        foreach (var (name, value) in cell.Parameters)
        {
            Assert.Equal(value?.GetType(), back.Parameters[name]?.GetType());
            Assert.Equal(value is string[] a ? string.Join(",", a) : value, back.Parameters[name] is string[] b ? string.Join(",", b) : back.Parameters[name]);
        }

        var row = ProtocolCatalog.Get(cell.Protocol).Execute(cell, new ExecutionOptions("reference", 1), CancellationToken.None);
        var result = (UnitResult)RoundTrip(new UnitResult(1, "w", [row]));
        var rowBack = result.Rows[0];
        Assert.Equal(row.Status, rowBack.Status);
        foreach (var (name, value) in row.Scalars) Assert.Equal(value, rowBack.Scalars[name]);
        foreach (var (name, value) in row.Lists) Assert.Equal(value, rowBack.Lists[name]);
        Assert.Equal(row.StartedAt, rowBack.StartedAt);
        Assert.Equal("wire", rowBack.SweepName);
    }

    [Fact]
    public void Running_cell_reports_and_progress_reports_cross_the_wire()
    {
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var running = new RunningCell("akka.tcp://twofactor@10.0.0.5:4053/user/slot-2", "c1", "train", 4000, 20000, 0.41, null, at, at.AddSeconds(9));
        var report = (CellProgressReport)RoundTrip(new CellProgressReport(7, running));
        Assert.Equal((7L, running), (report.LeaseId, report.Cell));

        var progress = new ProgressReport("abc", "tiny", 3, 1, 0, 2, 0, 1, 1, new Dictionary<string, int> { ["w"] = 1 }, false, true) { Running = [running] };
        var progressBack = (ProgressReport)RoundTrip(progress);
        Assert.Equal(running, Assert.Single(progressBack.Running));
    }
}
