using System.Globalization;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// How long the scenarios measure. Short by default so the suite stays within ./test.sh's
/// budget; scripts/soak-soundness.sh lengthens them through environment variables.
/// </summary>
public static class ScenarioTiming
{
    /// <summary>Seconds each measured phase lasts at least (default 5).</summary>
    public const string PhaseSecondsVariable = "CLOCKBOUND_SOUNDNESS_PHASE_SECONDS";

    /// <summary>How many times the restart scenario restarts chronyd (default 1).</summary>
    public const string RestartsVariable = "CLOCKBOUND_SOUNDNESS_RESTARTS";

    /// <summary>Limit for anything a real chronyd or a process start does on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>The length of one measured phase (a steady phase, or the part of a holdover spent FreeRunning).</summary>
    public static TimeSpan Phase => TimeSpan.FromSeconds(Read(PhaseSecondsVariable, 5));

    /// <summary>How many chronyd restarts the restart scenario makes.</summary>
    public static int Restarts => (int)Read(RestartsVariable, 1);

    private static double Read(string variable, double fallback)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{variable}={text}: expected a number of at least 1");
    }
}
