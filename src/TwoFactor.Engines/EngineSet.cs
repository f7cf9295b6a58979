using TwoFactor.Core.Parameters;
using TwoFactor.Core.Recall;
using TwoFactor.Core.Training;

namespace TwoFactor.Engines;

/// <summary>
/// The engines one owner (a worker slot, or a single cell) uses, created once per name and kept for reuse:
/// recall dynamics that hold device buffers (the cuda ones keep the last network's weights on the device) are
/// disposed with the set, not left to the garbage collector cell after cell. Thread-safe.
/// </summary>
public sealed class EngineSet : IDisposable
{
    private readonly Dictionary<(string Name, int Threads, Precision Precision), ITrainingEngine> _training = new();
    private readonly Dictionary<string, IRecallDynamics> _recall = new();
    private bool _disposed;

    /// <summary>Engines created so far (training and recall), for tests of the reuse.</summary>
    public int Created { get; private set; }

    public bool IsDisposed => _disposed;

    /// <summary><see cref="EngineFactory.Create"/>, once per (name, threads, precision).</summary>
    public ITrainingEngine Training(string name, int threads, Precision precision = Precision.Float64)
    {
        lock (_training)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_training.TryGetValue((name, threads, precision), out var engine))
            {
                _training[(name, threads, precision)] = engine = EngineFactory.Create(name, threads, precision);
                Created++;
            }
            return engine;
        }
    }

    /// <summary><see cref="EngineFactory.CreateRecall"/>, once per name.</summary>
    public IRecallDynamics Recall(string name)
    {
        lock (_training)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_recall.TryGetValue(name, out var dynamics))
            {
                _recall[name] = dynamics = EngineFactory.CreateRecall(name);
                Created++;
            }
            return dynamics;
        }
    }

    public void Dispose()
    {
        lock (_training)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var engine in _training.Values.Concat<object>(_recall.Values)) (engine as IDisposable)?.Dispose();
            _training.Clear();
            _recall.Clear();
        }
    }
}
