using CsCheck;
using Xunit.Abstractions;

namespace ClockBound.Fuzz.Tests;

/// <summary>
/// Runs one fuzz target for a bounded time: <see cref="DefaultSeconds"/> in the normal test run,
/// or <c>CLOCKBOUND_FUZZ_SECONDS</c> seconds when that is set (the long run). A hang fails the
/// test after the budget plus a grace period instead of stalling the run.
/// </summary>
internal static class FuzzRun
{
    /// <summary>Seconds per target in the normal test run.</summary>
    public const int DefaultSeconds = 3;

    /// <summary>The environment variable that selects a longer run (seconds per target).</summary>
    public const string SecondsVariable = "CLOCKBOUND_FUZZ_SECONDS";

    private static readonly TimeSpan HangGrace = TimeSpan.FromSeconds(120);

    /// <summary>Seconds per target for this run.</summary>
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), out int seconds) && seconds > 0 ? seconds : DefaultSeconds;

    /// <summary>
    /// Samples <paramref name="gen"/> for <see cref="Seconds"/> on one thread, checking each input
    /// with <paramref name="check"/> (which throws on a failed property; CsCheck then shrinks it),
    /// and writes the outcome counts to <paramref name="output"/>.
    /// </summary>
    public static async Task Sample<T>(string target, Gen<T> gen, Func<T, string> check, ITestOutputHelper output)
    {
        var outcomes = new OutcomeCounts();
        int seconds = Seconds;
        Task run = Task.Factory.StartNew(
            () => gen.Sample(input => outcomes.Add(check(input)), time: seconds, threads: 1),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(seconds) + HangGrace);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"fuzz target {target}: no result {HangGrace.TotalSeconds:0} s past its {seconds} s budget (a hang)");
        }

        output.WriteLine($"fuzz {target}: {seconds} s, {outcomes}");
        Assert.True(outcomes.Total > 0, $"fuzz target {target} ran no input");
    }
}
