using System.Runtime.InteropServices;

namespace TwoFactor.Cli.Output;

/// <summary>
/// How a command that drained after a stop signal (<see cref="Cluster.Hosting.StopSignals"/>) ends: SIGTERM is a
/// scheduler ending the job (time limit, preemption, scancel, pod termination), so a drained stop is a success
/// that a resubmission resumes (exit 0); Ctrl-C is the user interrupting (exit 130), as is a stop from elsewhere.
/// </summary>
internal static class StopExit
{
    public static int Code(PosixSignal? signal) => signal == PosixSignal.SIGTERM ? 0 : 130;

    /// <summary>The line that says what a drained stop means for the user.</summary>
    public static string Message(PosixSignal? signal, string again) => signal == PosixSignal.SIGTERM
        ? $"stopped by SIGTERM (time limit, preemption, scancel or pod termination): every finished cell is committed; {again} to resume"
        : $"stopped; {again} to resume";

    /// <summary>What a command says on stderr when a stop signal arrives (StopSignals' onStop).</summary>
    public static void Announce(PosixSignal signal) =>
        Console.Error.WriteLine($"stopping ({signal}): finishing or releasing running cells...");
}
