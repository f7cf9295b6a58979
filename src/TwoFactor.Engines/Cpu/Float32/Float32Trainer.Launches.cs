using TwoFactor.Core.Training;
using TwoFactor.Engines.Speculation;

namespace TwoFactor.Engines.Cpu.Float32;

public sealed partial class Float32Trainer
{
    /// <summary>
    /// Speculative launches, as the cuda engine runs them (<see cref="LaunchPlanner"/>, <see cref="EpochLauncher"/>).
    /// Neurons are independent within an epoch; what couples them is the reference's network-wide phase decision
    /// before every epoch. A launch therefore runs each block of neurons through all its epochs in the phase of the
    /// first one (block by block, so a block's factors, weights and fields stay in the core's cache across epochs)
    /// and counts the neurons that err at the start of each epoch. Where the counts say the phase should have
    /// changed inside the launch, every block goes back to its snapshot and runs exactly the epochs that were right.
    /// The threads meet once per launch, not once per epoch: a thread the system deschedules for a time slice no
    /// longer stalls every epoch of the other. A block's arithmetic is the same whatever the launch length or
    /// thread count, so the numbers are bitwise those of one epoch per launch.
    /// </summary>
    private sealed partial class Run
    {
        private readonly LaunchPlanner _planner;
        private readonly SavedNeurons _saved;
        private readonly int[] _blockErrors;   // [block * (K + 1) + e]: the block's erring neurons at the start of epoch e
        private readonly int[] _counts;        // the network's, summed in block order
        private int _launches, _replays, _phaseChanges;

        public LaunchStatistics Statistics => new(_launches, _replays, _phaseChanges);

        /// <summary>
        /// Runs up to <paramref name="length"/> epochs in <paramref name="phase"/> (the phase the previous error test
        /// chose) and returns how many of them stand, at least one; <c>_counts[0..result]</c> are the error counts
        /// at the start of each of them and after the last.
        /// </summary>
        private int RunInPhase(TrainingPhase phase, int length)
        {
            bool speculative = length > 1; // one epoch in the tested phase cannot guess wrong
            Launch(phase, length, save: speculative);
            int inPhase = _planner.EpochsInPhase(_counts.AsSpan(0, length + 1), phase);
            if (inPhase == length) return length;
            var expected = _counts.AsSpan(0, inPhase + 1).ToArray();
            _blocks.Run((block, _) => RestoreBlock(block));
            Launch(phase, inPhase, save: false);
            _replays++;
            // Same start, same arithmetic: anything else means the snapshot missed part of a neuron's state.
            if (!_counts.AsSpan(0, inPhase + 1).SequenceEqual(expected))
                throw new InvalidOperationException("a replayed float32 launch counted different errors than the launch it replays: the snapshot is incomplete");
            return inPhase;
        }

        private void Launch(TrainingPhase phase, int length, bool save)
        {
            int stride = length + 1;
            _blocks.Run((block, buffers) =>
            {
                if (save) SaveBlock(block);
                var errors = _blockErrors.AsSpan(block * stride, stride);
                for (int e = 0; e < length; e++)
                {
                    errors[e] = ErrorsIn(First(block), End(block));
                    UpdateBlock(block, phase, buffers);
                    ComputeFields(block);
                }
                errors[length] = ErrorsIn(First(block), End(block));
            });
            Array.Clear(_counts, 0, stride);
            for (int block = 0; block < BlockCount; block++)
            for (int e = 0; e < stride; e++)
                _counts[e] += _blockErrors[block * stride + e];
            _launches++;
        }

        private int ErrorsIn(int first, int end)
        {
            int count = 0;
            for (int i = first; i < end; i++) if (_neuronErrs[i]) count++;
            return count;
        }

        private void SaveBlock(int block)
        {
            for (int i = First(block); i < End(block); i++) _saved.Copy(this, i, toSaved: true);
        }

        private void RestoreBlock(int block)
        {
            for (int i = First(block); i < End(block); i++) _saved.Copy(this, i, toSaved: false);
        }

        /// <summary>A copy of every per-neuron quantity an epoch reads or writes (the patterns and targets never change).</summary>
        private sealed class SavedNeurons(int factorCount, int n, int np, int mp)
        {
            private readonly float[] _factors = new float[factorCount];
            private readonly double[] _theta = new double[n];
            private readonly float[] _weights = new float[n * np];
            private readonly bool[] _dense = new bool[n];
            private readonly float[] _mask = new float[n * np];
            private readonly float[] _fields = new float[n * mp];
            private readonly double[] _meanAbsFieldPrevious = new double[n];
            private readonly bool[] _neuronErrs = new bool[n];
            private readonly AliveInputLists _lists = new(n);

            public void Copy(Run run, int i, bool toSaved)
            {
                int perNeuron = run._k * run._n;
                CopySlice(run._factors, _factors, i * perNeuron, perNeuron, toSaved);
                CopySlice(run._weights, _weights, i * np, np, toSaved);
                CopySlice(run._mask, _mask, i * np, np, toSaved);
                CopySlice(run._fields, _fields, i * mp, mp, toSaved);
                CopySlice(run._theta, _theta, i, 1, toSaved);
                CopySlice(run._dense, _dense, i, 1, toSaved);
                CopySlice(run._meanAbsFieldPrevious, _meanAbsFieldPrevious, i, 1, toSaved);
                CopySlice(run._neuronErrs, _neuronErrs, i, 1, toSaved);
                if (toSaved) run._lists.CopyNeuronTo(i, _lists);
                else _lists.CopyNeuronTo(i, run._lists);
            }

            private static void CopySlice<T>(T[] live, T[] saved, int start, int length, bool toSaved)
            {
                if (toSaved) Array.Copy(live, start, saved, start, length);
                else Array.Copy(saved, start, live, start, length);
            }
        }
    }
}
