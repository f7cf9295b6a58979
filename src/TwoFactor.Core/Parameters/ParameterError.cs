namespace TwoFactor.Core.Parameters;

/// <summary>One invalid parameter: its user-facing name (as in sweep files and CLI options: N, M, L, alpha, eta_theta, ...) and why.</summary>
public sealed record ParameterError(string Parameter, string Reason)
{
    public override string ToString() => $"{Parameter}: {Reason}";
}

/// <summary>Raised before any work starts when parameters are invalid; the message lists every error.</summary>
public sealed class InvalidParametersException(IReadOnlyList<ParameterError> errors)
    : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<ParameterError> Errors { get; } = errors;

    /// <summary>Refuses invalid parameters before any work starts: throws with every error at once, if there is one.</summary>
    public static void ThrowIfAny(IReadOnlyList<ParameterError> errors)
    {
        if (errors.Count > 0) throw new InvalidParametersException(errors);
    }
}
