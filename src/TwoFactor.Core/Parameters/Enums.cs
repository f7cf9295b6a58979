namespace TwoFactor.Core.Parameters;

/// <summary>How a synapse's weight is built from its factors (MODEL.md section 3).</summary>
public enum SynapseKind
{
    /// <summary>w = u_1 * ... * u_z (the paper's model; z = 1 is the one-factor baseline).</summary>
    Product,
    /// <summary>w = u^z, a single exponentiated factor.</summary>
    Power,
    /// <summary>w = a^z - b^z with b clipped to at most a (weights stay non-negative).</summary>
    Signed,
    /// <summary>w = a^z - b^z with b free: signed weights, a baseline without Dale's law.</summary>
    SignedFree,
}

/// <summary>Pattern generator (MODEL.md section 2).</summary>
public enum PatternKind
{
    /// <summary>Each bit is 1 with probability f; rows of neurons silent in every pattern are redrawn.</summary>
    Bernoulli,
    /// <summary>Each pattern has exactly round(f N) active neurons.</summary>
    Exact,
}

/// <summary>What the network stores: fixed points or a cyclic sequence.</summary>
public enum MemoryKind
{
    Attractor,
    Sequence,
}

/// <summary>The six robustness tests of MODEL.md section 6.</summary>
public enum RobustnessTest
{
    CueIsotropic,
    CueBalanced,
    CueExact,
    SynapticAll,
    SynapticFirst,
    SynapticFirstAlive,
}

/// <summary>
/// Arithmetic precision of the simd and cuda training engines (docs/engines.md, "float32"). The reference
/// engine, the oracle, always computes in float64.
/// </summary>
public enum Precision
{
    Float64,
    Float32,
}
