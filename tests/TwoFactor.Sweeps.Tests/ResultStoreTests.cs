namespace TwoFactor.Sweeps.Tests;

public sealed class ResultStoreTests : IDisposable
{
    private const string Yaml = """
        name: store-test
        base: {N: 30, f: 0.5, max_epochs: 50, noise_levels: 3, n_tests: 2}
        axes:
          alpha: [0.1, 0.2]
          seeds: 3
        """;

    private readonly TempFolder _temp = new();
    private readonly SweepPlan _plan = Sweeps.Plan(Yaml);
    private readonly IProtocol _protocol = ProtocolCatalog.Get("static");

    public void Dispose() => _temp.Dispose();

    private ResultStore Store() => new(_temp.Path, _plan.SweepId);

    private string Glob(ResultStore store) => DuckDb.PartsGlob(store.Directory);

    [Fact]
    public void Committed_parts_are_read_back_by_DuckDB_with_typed_columns()
    {
        var store = Store();
        var rows = _plan.Cells.Select((c, i) => Sweeps.SyntheticRow(c, _protocol, i, failed: i == 5)).ToList();
        var first = store.CommitPart(0, rows.Take(4).ToList(), _protocol);
        var second = store.CommitPart(1, rows.Skip(4).ToList(), _protocol);

        Assert.Equal("part-00000.parquet", first.FileName);
        Assert.Equal(4, first.Rows);
        Assert.Equal(_plan.Cells.Skip(4).Select(c => c.CellId), second.CellIds);
        Assert.Equal(["part-00000.parquet", "part-00001.parquet"], store.CommittedParts());

        string glob = Glob(store);
        Assert.Equal(6L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}')")));
        var types = DuckDb.Describe(glob);
        Assert.Equal("VARCHAR", types["cell_id"]);
        Assert.Equal("BIGINT", types["N"]);
        Assert.Equal("DOUBLE", types["alpha"]);
        Assert.Equal("VARCHAR", types["synapse"]);
        Assert.Equal("VARCHAR[]", types["tests"]);
        Assert.Equal("DOUBLE", types["density"]);
        Assert.Equal("BOOLEAN", types["converged"]);
        Assert.Equal("BIGINT", types["epochs"]);
        Assert.Equal("DOUBLE[]", types["recall_cue_isotropic"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["started_at"]);
        Assert.Equal("DOUBLE", types["cell_wall_seconds"]);
        Assert.Equal("VARCHAR", types["sweep_name"]);
        Assert.Equal("BOOLEAN", types["tolerance_cue_isotropic_censored"]);
        Assert.Equal("BIGINT[]", types["trajectory_epoch"]);
        Assert.Equal("DOUBLE[]", types["trajectory_density"]);
        Assert.Equal(["store-test"], DuckDb.Query($"SELECT DISTINCT sweep_name FROM read_parquet('{glob}')").Select(r => (string)r[0]!));

        // Aggregates over typed columns: sums of the synthetic values, computed from the rows we wrote.
        long expectedSeeds = _plan.Cells.Sum(c => (long)c.Parameters["seed"]!);
        Assert.Equal(expectedSeeds, Convert.ToInt64(DuckDb.Scalar($"SELECT CAST(sum(seed) AS BIGINT) FROM read_parquet('{glob}')")));
        double expectedDensity = rows.Where(r => r.Status == CellStatus.Completed).Sum(r => (double)r.Scalars["density"]!);
        Assert.Equal(expectedDensity, Convert.ToDouble(DuckDb.Scalar($"SELECT sum(density) FROM read_parquet('{glob}')")), 9);
        Assert.Equal(1L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{glob}') WHERE status = 'failed' AND density IS NULL AND error_message = 'boom'")));

        // List columns: lengths and contents survive.
        var lengths = DuckDb.Query($"SELECT cell_id, len(pattern_radius), list_sum(pattern_radius) FROM read_parquet('{glob}') ORDER BY cell_id");
        foreach (var row in lengths)
        {
            var written = rows.Single(r => r.CellId == (string)row[0]!).Lists["pattern_radius"];
            Assert.Equal((long)written.Length, Convert.ToInt64(row[1]));
            if (written.Length > 0) Assert.Equal(written.Sum(), Convert.ToDouble(row[2]), 9);
        }
        var tests = DuckDb.Query($"SELECT len(tests) FROM read_parquet('{glob}')").Select(r => Convert.ToInt64(r[0])).Distinct().ToList();
        Assert.Equal([6L], tests);
    }

    [Fact]
    public void Empty_lists_are_written_as_empty_lists_and_missing_values_as_nulls()
    {
        // A failed cell has empty curves; a baseline cell has no z; a cell without tests an empty test list.
        var plan = Sweeps.Plan("""
            name: empties
            base: {N: 20, tests: none}
            axes:
              model: [two-factor, hebbian]
            """);
        var store = new ResultStore(_temp.Path, plan.SweepId);
        var rows = plan.Cells.Select((c, i) => Sweeps.SyntheticRow(c, _protocol, i, failed: i == 0)).ToList();
        store.CommitPart(0, rows, _protocol);

        var table = DuckDb.Query($"SELECT model, status, pattern_radius IS NULL, len(pattern_radius), tests IS NULL, len(tests), z " +
                                 $"FROM read_parquet('{Glob(store)}') ORDER BY model");
        Assert.Equal(2, table.Count);
        var (hebbian, twoFactor) = (table[0], table[1]);
        Assert.Equal(["hebbian", "completed", false, (long)rows[1].Lists["pattern_radius"].Length, false, 0L, null],
            hebbian.Select(v => v is int or long ? Convert.ToInt64(v) : v));
        Assert.Equal(["two-factor", "failed", false, 0L, false, 0L, 2L], twoFactor.Select(v => v is int or long ? Convert.ToInt64(v) : v));
    }

    [Fact]
    public void ReadAll_returns_the_rows_that_were_written()
    {
        var store = Store();
        var rows = _plan.Cells.Select((c, i) => Sweeps.SyntheticRow(c, _protocol, i, failed: i == 2)).ToList();
        store.CommitPart(0, rows.Take(3).ToList(), _protocol);
        store.CommitPart(1, rows.Skip(3).ToList(), _protocol);

        var back = store.ReadAll();
        Assert.Equal(rows.Count, back.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var (w, r) = (rows[i], back[i]);
            Assert.Equal(w.CellId, r.CellId);
            Assert.Equal(w.SweepId, r.SweepId);
            Assert.Equal(w.Status, r.Status);
            Assert.Equal(w.ErrorMessage, r.ErrorMessage);
            foreach (var (name, value) in w.Parameters)
            {
                if (value is string[] list) Assert.Equal(list, (string[])r.Parameters[name]!);
                else Assert.Equal(value, r.Parameters[name]);
            }
            foreach (var (name, value) in w.Scalars) Assert.Equal(value, r.Scalars[name]);
            foreach (var (name, value) in w.Lists) Assert.Equal(value, r.Lists[name]);
            Assert.Equal(w.StartedAt, r.StartedAt);
            Assert.Equal(w.FinishedAt, r.FinishedAt);
            Assert.Equal(w.WallSeconds, r.WallSeconds);
            Assert.Equal(w.Engine, r.Engine);
            Assert.Equal("store-test", r.SweepName);
        }
        Assert.Equal(rows.Select(r => r.CellId), store.ReadCellIds());
    }

    [Fact]
    public async Task Parts_written_before_sweep_name_censoring_and_integer_lists_stay_readable()
    {
        // The schema of earlier versions: no sweep_name, no tolerance_*_censored, trajectory_epoch as DOUBLE[].
        var store = Store();
        var rows = _plan.Cells.Take(2).Select((c, i) => Sweeps.SyntheticRow(c, _protocol, i)).ToList();
        var current = ResultSchema.For(_protocol);
        var fields = current.Fields
            .Where(f => f.Name != ResultSchema.SweepName && !f.Name.EndsWith("_censored", StringComparison.Ordinal))
            .Select(f => f.Name == "trajectory_epoch" ? new Parquet.Schema.ListField(f.Name, new Parquet.Schema.DataField<double>("element")) : f)
            .ToList();
        // Written by the column writer, which writes whatever layout it is given (trajectory_epoch as doubles here).
        Directory.CreateDirectory(store.Directory);
        await using (var file = File.Create(Path.Combine(store.Directory, "part-00000.parquet")))
            await ResultColumnWriter.WriteAsync(new Parquet.Schema.ParquetSchema(fields), rows, _protocol, file);
        Assert.Equal("DOUBLE[]", DuckDb.Describe(Glob(store))["trajectory_epoch"]);

        var back = store.ReadAll();
        Assert.Equal(rows.Select(r => r.CellId), back.Select(r => r.CellId));
        Assert.All(back, r => Assert.Null(r.SweepName));
        Assert.All(back, r => Assert.Null(r.Scalars["tolerance_cue_isotropic_censored"]));
        Assert.Equal(rows[1].Lists["trajectory_epoch"], back[1].Lists["trajectory_epoch"]);
        Assert.Equal(rows[1].Scalars["density"], back[1].Scalars["density"]);
    }

    [Fact]
    public void A_writer_that_dies_mid_part_leaves_no_visible_file_and_recovery_removes_its_leftovers()
    {
        var store = Store();
        var rows = _plan.Cells.Select((c, i) => Sweeps.SyntheticRow(c, _protocol, i)).ToList();
        store.CommitPart(0, rows.Take(2).ToList(), _protocol);

        // A crash while writing part 1: the stream fails after a few hundred bytes.
        Assert.ThrowsAny<IOException>(() => store.CommitPartAsync(1, rows.Skip(2).ToList(), _protocol, s => new FailingStream(s, 300)).GetAwaiter().GetResult());
        // A process killed outright cannot clean up: it leaves its half-written temp file behind.
        string committed = Path.Combine(store.Directory, "part-00000.parquet");
        var bytes = File.ReadAllBytes(committed);
        File.WriteAllBytes(Path.Combine(store.Directory, ".part-00002.parquet.tmp-deadbeef"), bytes[..(bytes.Length / 2)]);

        Assert.Equal(["part-00000.parquet"], store.CommittedParts());
        Assert.Equal(2L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{Glob(store)}')")));
        Assert.Equal(2, store.ReadAll().Count);

        // Part 1 can be committed again after the failed attempt; part 1 is then an orphan the journal never recorded.
        store.CommitPart(1, rows.Skip(2).Take(2).ToList(), _protocol);
        int removed = store.RemoveOrphans(new HashSet<string> { "part-00000.parquet" });
        Assert.Equal(2, removed);
        Assert.Equal(["part-00000.parquet"], store.CommittedParts());
        Assert.Equal(["part-00000.parquet"], Directory.GetFiles(store.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Part_numbers_are_never_reused_and_rows_must_belong_to_the_sweep()
    {
        var store = Store();
        var rows = _plan.Cells.Take(2).Select((c, i) => Sweeps.SyntheticRow(c, _protocol, i)).ToList();
        store.CommitPart(7, rows, _protocol);
        Assert.Throws<IOException>(() => store.CommitPart(7, rows, _protocol));
        var foreign = rows[0] with { SweepId = "0123456789abcdef" };
        Assert.Throws<ArgumentException>(() => store.CommitPart(8, [foreign], _protocol));
        Assert.Equal(["part-00007.parquet"], store.CommittedParts());
    }

    [Fact]
    public void Spec_snapshot_is_written_and_loads_back_to_the_same_sweep()
    {
        var store = Store();
        store.WriteSpecSnapshot(_plan.CanonicalYaml);
        string path = Path.Combine(store.Directory, ResultStore.SnapshotFileName);
        var reloaded = SweepLoader.Load(path, []);
        Assert.True(reloaded.Ok, string.Join("\n", reloaded.Errors));
        var plan = SweepPlanner.Plan(reloaded.Spec!);
        Assert.Equal(_plan.SweepId, plan.SweepId);
        Assert.Equal(_plan.Cells.Select(c => c.CellId), plan.Cells.Select(c => c.CellId));
    }

    /// <summary>Writes through to the file until a byte budget is spent, then fails like a dying disk or process.</summary>
    private sealed class FailingStream(Stream inner, int budget) : Stream
    {
        private int _left = budget;
        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > _left)
            {
                inner.Write(buffer[.._left]);
                _left = 0;
                throw new IOException("simulated crash while writing");
            }
            inner.Write(buffer);
            _left -= buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
