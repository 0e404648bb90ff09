using System.Diagnostics;
using System.Globalization;
using ClockBound.Shm;

namespace ClockBound.Ctl;

/// <summary>
/// <c>clockboundctl waitsync</c>: looks at the segment every poll interval until a client would
/// read it as Synchronized (within <c>--max-bound</c>): exit 0; 1 when the timeout passes first;
/// 2 when waiting cannot succeed (<see cref="WaitSyncJudge"/>). The exit codes of ClockBound 3's
/// <c>cbctl waitsync</c>.
/// </summary>
internal static class WaitSyncCommand
{
    /// <summary>Runs the command; returns its exit code.</summary>
    public static int Run(WaitSyncSettings settings, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long start = Stopwatch.GetTimestamp();
        string reason;
        while (true)
        {
            WaitSyncVerdict verdict;
            try
            {
                verdict = WaitSyncJudge.Judge(SegmentAccess.ReadNow(settings.SegmentPath), settings.MaxBoundNanoseconds, out reason);
            }
            catch (ClockBoundException e)
            {
                verdict = WaitSyncJudge.Judge(e, settings.SegmentPath, out reason);
            }

            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            switch (verdict)
            {
                case WaitSyncVerdict.Done:
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{reason} after {elapsed.TotalSeconds:F3} s"));
                    return CtlExitCodes.Success;
                case WaitSyncVerdict.Fatal:
                    error.WriteLine($"clockboundctl: error: {reason}");
                    return CtlExitCodes.WaitFatal;
            }

            TimeSpan remaining = settings.Timeout - elapsed;
            if (remaining <= TimeSpan.Zero || cancellation.IsCancellationRequested)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clockboundctl: not synchronised within --timeout-seconds {settings.Timeout.TotalSeconds:0.###}: {reason}"));
                return CtlExitCodes.WaitTimedOut;
            }
            cancellation.WaitHandle.WaitOne(remaining < settings.PollInterval ? remaining : settings.PollInterval);
        }
    }
}
