namespace TwoFactor.Engines.Gpu;

/// <summary>Scalars of one epoch kernel launch (an unmanaged struct, passed by value to the device).</summary>
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
    /// <summary>1 when this epoch runs phase B (the network made no error at its start).</summary>
    public int PhaseB;
}
