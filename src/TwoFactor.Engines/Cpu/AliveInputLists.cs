using TwoFactor.Core.Synapses;

namespace TwoFactor.Engines.Cpu;

/// <summary>
/// Per neuron, the inputs alive at the start of its last epoch and the normalization scale it applied, for
/// engines that step only alive inputs (<see cref="ProductAliveListStep"/>). Those engines leave dead factors
/// at the floor instead of re-flooring and rescaling them every epoch as the reference does;
/// <see cref="RestoreDeadFactors"/> writes the reference's values (floor times the last scale) back before
/// anyone reads the state.
/// </summary>
internal sealed class AliveInputLists(int n)
{
    private readonly int[][] _lists = Enumerable.Range(0, n).Select(_ => new int[n]).ToArray();
    private readonly int[] _counts = new int[n];
    private readonly double[] _lastScale = Enumerable.Repeat(1.0, n).ToArray();
    private readonly bool[] _ready = new bool[n]; // false until the neuron's first epoch: the initial state is as given

    public int Count(int i) => _counts[i];
    public int[] Buffer(int i) => _lists[i];
    public ReadOnlySpan<int> List(int i) => _lists[i].AsSpan(0, _counts[i]);
    public ref int CountRef(int i) => ref _counts[i];

    public void Set(int i, int count, double scale)
    {
        _counts[i] = count;
        _lastScale[i] = scale;
        _ready[i] = true;
    }

    public void SetScale(int i, double scale) => _lastScale[i] = scale;

    /// <summary>Neuron i's list, count, scale and readiness into <paramref name="target"/> (a snapshot, or back from one).</summary>
    public void CopyNeuronTo(int i, AliveInputLists target)
    {
        Array.Copy(_lists[i], target._lists[i], _counts[i]);
        target._counts[i] = _counts[i];
        target._lastScale[i] = _lastScale[i];
        target._ready[i] = _ready[i];
    }

    /// <summary>Dead factors of every neuron to floor x last scale, what the reference holds after its epoch.</summary>
    public void RestoreDeadFactors(NetworkState state)
    {
        int k = state.K;
        var alive = new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (!_ready[i]) continue;
            Array.Clear(alive);
            foreach (int j in List(i)) alive[j] = true;
            var factors = state.NeuronFactors(i);
            double dead = SynapseModel.Floor * _lastScale[i];
            for (int j = 0; j < n; j++)
            {
                if (alive[j]) continue;
                for (int f = 0; f < k; f++) factors[f * n + j] = dead;
            }
        }
    }
}
