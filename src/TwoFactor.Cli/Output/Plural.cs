using System.Globalization;

namespace TwoFactor.Cli.Output;

/// <summary>"1 cell", "2 cells": counts in user-facing lines.</summary>
public static class Plural
{
    public static string Of(long count, string noun) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? noun : noun + "s")}";
}
