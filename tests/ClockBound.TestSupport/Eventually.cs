using System.Diagnostics;

namespace ClockBound.TestSupport;

/// <summary>Polls a condition that real processes make true eventually, failing with what was last seen.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls <paramref name="probe"/> every 20 ms until it returns a value for which
    /// <paramref name="condition"/> holds, and returns that value.
    /// </summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>; the message has <paramref name="what"/> and the last value or exception.</exception>
    public static T Satisfies<T>(Func<T> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        string last = "(nothing yet)";
        while (true)
        {
            try
            {
                T value = probe();
                if (condition(value))
                {
                    return value;
                }
                last = value?.ToString() ?? "null";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e.GetType().Name + ": " + e.Message;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds} s; last seen: {last}");
            }
            Thread.Sleep(20);
        }
    }
}
