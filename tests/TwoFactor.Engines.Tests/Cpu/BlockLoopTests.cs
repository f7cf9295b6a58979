using System.Collections.Concurrent;
using TwoFactor.Engines.Cpu;

namespace TwoFactor.Engines.Tests.Cpu;

public sealed class BlockLoopTests
{
    private sealed class Scratch
    {
        public int InUse;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Every_block_runs_once_per_call_and_no_scratch_is_shared_by_two_blocks_at_once(int threads)
    {
        int created = 0;
        var loop = new BlockLoop<Scratch>(64, threads, () =>
        {
            Interlocked.Increment(ref created);
            return new Scratch();
        });
        for (int call = 0; call < 50; call++)
        {
            var seen = new ConcurrentBag<int>();
            loop.Run((block, scratch) =>
            {
                Assert.Equal(1, Interlocked.Increment(ref scratch.InUse));
                seen.Add(block);
                Thread.SpinWait(200);
                Interlocked.Decrement(ref scratch.InUse);
            });
            Assert.Equal(Enumerable.Range(0, 64), seen.Order());
        }
        // Scratch is kept between calls (at most one per concurrent worker), not allocated per call.
        Assert.InRange(created, 1, threads == 1 ? 1 : Environment.ProcessorCount * 4);
    }

    [Fact]
    public void One_thread_runs_the_blocks_in_order_on_the_calling_thread()
    {
        var loop = new BlockLoop<Scratch>(5, 1, () => new Scratch());
        Assert.True(loop.Serial);
        var order = new List<(int Block, int Thread)>();
        loop.Run((block, _) => order.Add((block, Environment.CurrentManagedThreadId)));
        Assert.Equal([0, 1, 2, 3, 4], order.Select(o => o.Block));
        Assert.All(order, o => Assert.Equal(Environment.CurrentManagedThreadId, o.Thread));
    }
}
