using ILGPU;

namespace TwoFactor.Engines.Gpu;

/// <summary>
/// Device code of the recall dynamics (MODEL.md section 6): one thread group per cue, threads over neurons
/// (thread t owns i = t, t + G, ...). The cue's current state sits in shared memory (N bytes), read by every
/// thread; the weights are W^T (row j: the weights from neuron j), so for a fixed j the threads of a group read
/// consecutive addresses.
/// </summary>
public static class RecallKernels
{
    /// <summary>Bytes of dynamic shared memory per group: the cue's state.</summary>
    public static int SharedBytes(int n) => n;

    /// <summary>
    /// Runs up to <paramref name="updates"/> synchronous updates of cue <c>Grid.IdxX</c>, whose row of
    /// <paramref name="states"/> (B x N, 0/1) holds the cue on entry and the final state on exit.
    /// <para>
    /// The field of neuron i is summed from 0 over the active j in ascending order, adding W^T[j N + i]: exactly
    /// the reference's order (it adds the transposed rows of the active neurons to a zeroed field), so every
    /// field, every decision field - theta &gt; 0 and therefore every state is bit-identical to the reference's.
    /// </para>
    /// <para>
    /// The row in global memory doubles as the next state: each update writes the new values there, and once
    /// every thread has read the current state (the barrier that also tells whether anything changed) copies
    /// them into shared memory. Where nothing changed the cue is at a fixed point (the reference stops there
    /// too) and the row already holds the final state. Every thread reaches every barrier: the only exits from
    /// the loop depend on group-wide values (the update count and the result of <c>Group.BarrierOr</c>).
    /// </para>
    /// </summary>
    public static void Run(int n, int updates, ArrayView<double> transposed, ArrayView<double> theta, ArrayView<byte> states)
    {
        int t = Group.IdxX, g = Group.DimX;
        long row = (long)Grid.IdxX * n;
        var state = SharedMemory.GetDynamic<byte>();
        for (int i = t; i < n; i += g) state[i] = states[row + i];
        Group.Barrier();

        for (int update = 0; update < updates; update++)
        {
            bool changed = false;
            for (int i = t; i < n; i += g)
            {
                double field = 0;
                // Every thread of the group visits the same j: the branch never diverges within a warp.
                for (int j = 0; j < n; j++)
                {
                    if (state[j] != 0) field += transposed[(long)j * n + i];
                }
                byte next = field - theta[i] > 0 ? (byte)1 : (byte)0;
                states[row + i] = next;
                changed |= next != state[i];
            }
            // A barrier as well: past it no thread reads the current state any more.
            if (!Group.BarrierOr(changed)) break;
            for (int i = t; i < n; i += g) state[i] = states[row + i]; // this thread's own writes: visible to it
            Group.Barrier();
        }
    }
}
