namespace TwoFactor.Core.Parameters;

/// <summary>The storage rule of a static cell (MODEL.md section 9): the two-factor model or a baseline.</summary>
public enum ModelKind
{
    /// <summary>Static consolidation of MODEL.md sections 2-6 (every engine).</summary>
    TwoFactor,
    /// <summary>Covariance storage made excitatory (Tsodyks and Feigelman 1988).</summary>
    Hebbian,
    /// <summary>Clipped binary Hebbian storage (Willshaw et al. 1969).</summary>
    Willshaw,
    /// <summary>Deletion of a fraction of a clipped Hebbian matrix (Chechik, Meilijson, Ruppin 1998).</summary>
    HebbianPruned,
    /// <summary>Degradation, pruning and neuronal regulation of a clipped Hebbian matrix (Chechik et al. 1999).</summary>
    NeuronalRegulation,
    /// <summary>Sign-constrained perceptron with a constant extra depression lambda (L1 penalty).</summary>
    L1Perceptron,
}

/// <summary>How <see cref="ModelKind.Hebbian"/> makes the covariance matrix non-negative.</summary>
public enum HebbianSign
{
    /// <summary>w = max(0, J).</summary>
    Clip,
    /// <summary>w = J - min J (dense).</summary>
    Offset,
}

/// <summary>Which weights <see cref="ModelKind.HebbianPruned"/> deletes.</summary>
public enum DeletionKind
{
    /// <summary>The smallest weights; the rest stay unchanged.</summary>
    MinimalValue,
    /// <summary>w &lt;- max(0, w - t), t the deletion quantile.</summary>
    Compressed,
    /// <summary>A uniformly random subset of the alive weights.</summary>
    Random,
}

/// <summary>Thresholds of the rules that do not learn them.</summary>
public enum ThresholdRule
{
    /// <summary>Midway between the smallest input of the active class and the largest of the silent class.</summary>
    MarginOptimal,
    /// <summary>MODEL.md section 4's initial threshold (expected firing fraction f).</summary>
    BiasEstimate,
}
