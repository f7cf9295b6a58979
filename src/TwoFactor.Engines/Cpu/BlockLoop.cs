using System.Collections.Concurrent;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Runs an epoch's work over fixed blocks of neurons, each call with scratch buffers of its own, kept for the whole
/// training run. One thread (a sweep slot's default) or one block runs as a plain loop on the caller's thread:
/// <c>Parallel.For</c> costs a few microseconds and about a kilobyte of garbage per call, which for a tiny network
/// (N = 12: three blocks, microseconds of arithmetic per epoch) was most of the cell. Otherwise the blocks are
/// shared out by <c>Parallel.For</c> and the scratch objects come from a pool instead of being allocated per epoch
/// and thread. Blocks are the unit of work in both cases, so the numbers do not depend on which path ran.
/// </summary>
internal sealed class BlockLoop<TScratch>(int blockCount, int maxDegreeOfParallelism, Func<TScratch> createScratch)
    where TScratch : class
{
    private readonly ConcurrentBag<TScratch> _pool = [];
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism };

    /// <summary>Whether every call runs on the caller's thread.</summary>
    public bool Serial { get; } = blockCount <= 1 || maxDegreeOfParallelism == 1 || Environment.ProcessorCount == 1;

    public void Run(Action<int, TScratch> body)
    {
        if (Serial)
        {
            var scratch = Rent();
            for (int block = 0; block < blockCount; block++) body(block, scratch);
            _pool.Add(scratch);
            return;
        }
        Parallel.For(0, blockCount, _parallel, Rent, (block, _, scratch) =>
        {
            body(block, scratch);
            return scratch;
        }, _pool.Add);
    }

    private TScratch Rent() => _pool.TryTake(out var scratch) ? scratch : createScratch();
}
