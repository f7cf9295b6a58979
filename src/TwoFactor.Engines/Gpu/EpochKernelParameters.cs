namespace TwoFactor.Engines.Gpu;

/// <summary>Scalars of one launch of <see cref="EpochKernels.Run"/> (an unmanaged struct, passed by value to the device).</summary>
public struct EpochKernelParameters
{
    public int N;
    public int M;
    /// <summary>Factors per connection.</summary>
    public int K;
    public int Z;
    /// <summary>0 product, 1 power, 2 difference clipped to w &gt;= 0, 3 difference unconstrained.</summary>
    public int SynapseCode;
    public double Eta;
    public double EtaTheta;
    public double Beta;
    public double NormalizationTarget;
    /// <summary>
    /// Epochs this launch runs, all in the phase <see cref="PhaseB"/> says. The launch tests the error at the start
    /// of each of them and once more after the last (Epochs + 1 tests), so 0 only tests the starting state.
    /// </summary>
    public int Epochs;
    /// <summary>1 when the launch runs phase B epochs (the host's guess for all of them; it checks the error counts).</summary>
    public int PhaseB;
    /// <summary>1 to set m_i (the previous epoch's mean |h|) from the fields of the starting state: the run's first launch.</summary>
    public int InitializeMeanAbs;
}
