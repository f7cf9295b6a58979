namespace TwoFactor.Core.Training;

/// <summary>
/// Runs static consolidation. Every engine implements the same mathematics (MODEL.md section 4) and is
/// tested against <see cref="ReferenceTrainer"/>.
/// </summary>
public interface ITrainingEngine
{
    string Name { get; }

    TrainingResult Train(TrainingSetup setup, CancellationToken cancellationToken = default);
}
