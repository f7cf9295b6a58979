using TwoFactor.Benchmarks;
using TwoFactor.Core.Training;
using TwoFactor.Engines;

// Usage: dotnet run -c Release --project bench/TwoFactor.Benchmarks -- [--quick] [--sizes 400,1000] [--seconds 2] [--phases A,B] [--f 0.5,0.05] [--z 1,2] [--pruned] [--recall]
// Phase B cases first train the network to zero error with the auto engine (cuda where present, else simd;
// minutes for z = 1 at N >= 1000 on a CPU);
// with --pruned they continue phase B until the mean density is at most 0.5 (minutes at N = 400).
// Prints a markdown table of epochs per second, the ratios to the reference measured in this run, and the
// fraction of this machine's measured double-precision FMA peak that the simd engine's field work reaches;
// where a CUDA device exists, the cuda engine too, against simd on all cores.
// With --whole N:M:f:z:epochs,... it times whole cells from the start (simd, float64 and float32, 1 and all threads;
// --whole-threads 1,2, --whole-precisions float32, --rounds 2 narrow it; --whole-launches 1,64 times float32 with
// those epochs per launch at most, 1 being the phase decided before every epoch).
// With --recall it times the robustness tests instead (reference vs incremental recall dynamics, z = 2).
// With --verify-cuda N it checks the cuda engine and its recall dynamics against the reference at N neurons
// (exit code: the number of failed checks), for machines with a GPU but no .NET SDK (bench/gpu-check.sh).
// With --device it times cuda in float64 and float32 against simd on all cores (DeviceBenchmark; bench/gpu-check.sh).
// With --scale [10000,100000,1000000] it runs `twofactor run` on sweeps of that many tiny cells and prints cells/s and
// peak memory (build src/TwoFactor.Cli in Release first, or pass --twofactor PATH); above 1,000,000 cells (multiples of it)
// the sweep is seeds x a u0 axis.
// With --tiny-cell [20000] it times the pieces of such a tiny cell (planning, parameters, training, row, part) on one thread.
var sizes = new List<int> { 400, 1000, 2000 };
double seconds = 2;
var phases = new List<TrainingPhase> { TrainingPhase.A, TrainingPhase.B };
var codingLevels = new List<double> { 0.5, 0.05 };
var zs = new List<int> { 1, 2 };
bool pruned = false, recall = false, deviceTable = false;
var wholeCells = new List<WholeCellBenchmark.Cell>();
List<int>? wholeThreads = null;
List<TwoFactor.Core.Parameters.Precision>? wholePrecisions = null;
int rounds = 2;
List<int>? wholeLaunches = null;
int verifyNeurons = 0;
List<int>? scaleSizes = null;
int tinyCells = 0;
string? twofactor = null;
for (int k = 0; k < args.Length; k++)
{
    if (args[k] == "--quick") sizes = [400];
    else if (args[k] == "--sizes") sizes = args[++k].Split(',').Select(int.Parse).ToList();
    else if (args[k] == "--phases") phases = args[++k].Split(',').Select(Enum.Parse<TrainingPhase>).ToList();
    else if (args[k] == "--f") codingLevels = args[++k].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    else if (args[k] == "--pruned") pruned = true;
    else if (args[k] == "--recall") recall = true;
    else if (args[k] == "--whole-threads") wholeThreads = args[++k].Split(',').Select(int.Parse).ToList();
    else if (args[k] == "--whole-precisions") wholePrecisions = args[++k].Split(',').Select(t => TwoFactor.Core.Parameters.EnumNames.TryParsePrecision(t, out var q) ? q : throw new ArgumentException($"--whole-precisions: unknown precision '{t}'")).ToList();
    else if (args[k] == "--whole-launches") wholeLaunches = args[++k].Split(',').Select(int.Parse).ToList();
    else if (args[k] == "--rounds") rounds = int.Parse(args[++k]);
    else if (args[k] == "--whole") wholeCells = args[++k].Split(',').Select(WholeCellBenchmark.Cell.Parse).ToList();
    else if (args[k] == "--verify-cuda") verifyNeurons = int.Parse(args[++k]);
    else if (args[k] == "--scale")
        scaleSizes = k + 1 < args.Length && !args[k + 1].StartsWith("--", StringComparison.Ordinal)
            ? args[++k].Split(',').Select(int.Parse).ToList()
            : [.. ScaleBenchmark.DefaultSizes];
    else if (args[k] == "--twofactor") twofactor = args[++k];
    else if (args[k] == "--tiny-cell")
        tinyCells = k + 1 < args.Length && !args[k + 1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[++k]) : 20_000;
    else if (args[k] == "--z") zs = args[++k].Split(',').Select(int.Parse).ToList();
    else if (args[k] == "--seconds") seconds = double.Parse(args[++k], System.Globalization.CultureInfo.InvariantCulture);
    else if (args[k] == "--device") deviceTable = true;
}

if (verifyNeurons > 0) return DeviceVerification.Run(verifyNeurons);
if (scaleSizes is not null) return ScaleBenchmark.Run(scaleSizes, twofactor);
if (tinyCells > 0) return TinyCellBenchmark.Run(tinyCells);
if (recall)
{
    RecallBenchmark.PrintTable(sizes, codingLevels);
    return 0;
}
if (deviceTable)
{
    DeviceBenchmark.PrintTable(sizes, codingLevels, zs, phases, seconds);
    return 0;
}

int cores = Environment.ProcessorCount;
double peak = MachinePeak.DoubleFlopsPerSecond();
double peakFloat = MachinePeak.FloatFlopsPerSecond();
var native = MachinePeak.Native();
double bandwidth = MachinePeak.MemoryBytesPerSecond();
Console.WriteLine($"machine: {cores} cores, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, " +
                  $"widest accelerated vector {MachinePeak.VectorBits} bits");
Console.WriteLine($"measured single-core peak (managed loop): {peak / 1e9:F1} GFLOP/s double, {peakFloat / 1e9:F1} float (FMA); memory stream {bandwidth / 1e9:F1} GB/s");
Console.WriteLine(native is { } nat
    ? $"native loop (bench/native/peak.sh, gcc): {nat.Double / 1e9:F1} GFLOP/s double, {nat.Float / 1e9:F1} float"
    : "native loop: not measured (no gcc)");
Console.WriteLine($"load: {Load.Average()}");
if (wholeCells.Count > 0)
{
    WholeCellBenchmark.PrintTable(wholeCells, native?.Float ?? peakFloat, native?.Double ?? peak, wholeThreads, wholePrecisions, rounds, wholeLaunches);
    return 0;
}
bool cuda = EngineFactory.CudaDeviceAvailable;
Console.WriteLine($"cuda: {(cuda ? "CUDA device present: timed in the last two columns" : "no CUDA device on this machine: not measured")}");
Console.WriteLine();
Console.WriteLine("| case | reference ep/s | simd 1 thread ep/s | simd x ref | simd all threads ep/s | threads speed-up | simd field GFLOP/s | % of peak |" +
                  " float32 1 thread ep/s | float32 bound ep/s | % of float32 bound |" + (cuda ? " cuda ep/s | cuda x simd all threads |" : ""));
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|" + (cuda ? "---|---|" : ""));

foreach (int n in sizes)
foreach (double f in codingLevels)
foreach (int z in zs)
foreach (var phase in phases)
{
    var c = new BenchmarkCase(n, 0.2, f, z, phase, Pruned: pruned && phase == TrainingPhase.B);
    if (EngineBenchmark.PrepareOrReportSkip(c, columns: cuda ? 13 : 11) is not { } setup) continue;
    double reference = EngineBenchmark.EpochsPerSecond(new ReferenceTrainer(1), setup, seconds / 2);
    double simd1 = EngineBenchmark.EpochsPerSecond(EngineFactory.Create("simd", 1), setup, seconds);
    double simdAll = EngineBenchmark.EpochsPerSecond(EngineFactory.Create("simd", cores), setup, seconds);
    // Dense fields cost 2 N N M flops per epoch; the sparse path (f < 0.15) does f of that as adds.
    double flops = 2 * c.FieldMacsPerEpoch * (f < 0.15 ? f / 2 : 1) * simd1;
    // float32 against the algorithm's bound: fields over the alive inputs (rho N N M multiply-adds), in phase B
    // also the drive over them (as many again), at the float FMA peak of one core.
    double float32 = EngineBenchmark.EpochsPerSecond(new TwoFactor.Engines.Cpu.Float32.Float32Trainer(1), setup, seconds);
    double density = TwoFactor.Core.Training.NetworkSummary.Of(setup.Initial, setup.Synapse, setup.Patterns, setup.Targets).Density;
    double float32Bound = (native?.Float ?? peakFloat) / (2 * density * c.FieldMacsPerEpoch * (phase == TrainingPhase.B ? 2 : 1));
    string float32Cells = $" {float32:F1} | {float32Bound:F0} | {100 * float32 / float32Bound:F0}% |";
    string device = "";
    if (cuda)
    {
        double gpu = EngineBenchmark.EpochsPerSecond(EngineFactory.Create("cuda"), setup, seconds);
        device = $" {gpu:F1} | {gpu / simdAll:F1}x |";
    }
    Console.WriteLine($"| {c} | {reference:F1} | {simd1:F1} | {simd1 / reference:F1}x | {simdAll:F1} | {simdAll / simd1:F2}x | {flops / 1e9:F2} | {100 * flops / peak:F0}% |{float32Cells}{device}");
}
return 0;
