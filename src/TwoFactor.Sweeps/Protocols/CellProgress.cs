namespace TwoFactor.Sweeps;

/// <summary>
/// Where a running cell stands, as its protocol reports it: the stage (train, wake, sleep, recall), the step
/// within it out of <see cref="Steps"/> (epochs for training and sleep), and the latest density and training
/// error when the stage measures them (null otherwise). Shown by `run` and `status` for running cells.
/// </summary>
public sealed record CellProgress(string Stage, long Step, long Steps, double? Density = null, double? Error = null);
