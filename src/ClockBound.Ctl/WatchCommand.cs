using System.Diagnostics;
using ClockBound.Interop;

namespace ClockBound.Ctl;

/// <summary>
/// <c>clockboundctl watch</c>: one reading per interval until the count is reached or it is
/// cancelled (SIGINT/SIGTERM). A segment that cannot be opened at all at the start is an error;
/// anything that goes wrong after that (the daemon re-initialising the segment, restarting,
/// not having written yet) is one line on stderr for that interval, and watching goes on.
/// </summary>
internal static class WatchCommand
{
    private const int BrokenPipe = 32; // EPIPE, which .NET puts in IOException.HResult

    /// <summary>Runs the command; returns its exit code (<see cref="CtlExitCodes"/>).</summary>
    public static int Run(WatchSettings settings, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Open never fails for the file (the client opens it lazily); a file that cannot be opened
        // at the start is still an error here. One that exists but has no data yet is reported by
        // the loop on each interval until the daemon has written it.
        ClockBoundClient? client = ClockBoundClient.Open(settings.SegmentPath);
        if (!client.TryNow(out _, out ClockBoundException? startError) && startError.Kind == ClockBoundErrorKind.SystemCallFailed)
        {
            error.WriteLine($"clockboundctl: error: {ErrorText.Describe(startError)}");
            client.Dispose();
            return CtlExitCodes.RuntimeError;
        }

        return Loop(settings, client, output, error, cancellation);
    }

    private static int Loop(WatchSettings settings, ClockBoundClient? client, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        long intervalTicks = (long)(settings.Interval.TotalSeconds * Stopwatch.Frequency);
        long next = Stopwatch.GetTimestamp();
        int printed = 0;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                client = Tick(settings, client, output, error);
                printed++;
                if (settings.Count != 0 && printed >= settings.Count)
                {
                    break;
                }

                // Keep a steady cadence; after a stall (a suspended process) start afresh rather than burst.
                next += intervalTicks;
                long now = Stopwatch.GetTimestamp();
                if (next < now)
                {
                    next = now;
                }
                if (Wait(Stopwatch.GetElapsedTime(now, next), cancellation))
                {
                    break;
                }
            }
        }
        catch (IOException e) when (e.HResult == BrokenPipe)
        {
            // Whoever read our output has gone (`watch | head -3`): stop, as a pipeline expects.
        }
        catch (IOException e)
        {
            error.WriteLine($"clockboundctl: error: cannot write the output: {e.Message}");
            return CtlExitCodes.RuntimeError;
        }
        finally
        {
            client?.Dispose();
        }
        return CtlExitCodes.Success;
    }

    /// <summary>Prints one line; returns the client to use next time (null: open again).</summary>
    private static ClockBoundClient? Tick(WatchSettings settings, ClockBoundClient? client, TextWriter output, TextWriter error)
    {
        try
        {
            client ??= ClockBoundClient.Open(settings.SegmentPath);
            ClockBoundNow now = client.Now();
            output.WriteLine(settings.Json
                ? NowFormatter.FormatJson(now, client.Path, client.SegmentVersion)
                : WatchFormatter.FormatLine(now));
            return client;
        }
        catch (ClockBoundException e)
        {
            error.WriteLine(WatchFormatter.FormatError(WallClock(), ErrorText.Describe(e)));
            // Open afresh next time: the daemon may have replaced the file.
            client?.Dispose();
            return null;
        }
    }

    /// <summary>Waits <paramref name="delay"/>; true if cancelled meanwhile.</summary>
    private static bool Wait(TimeSpan delay, CancellationToken cancellation) =>
        cancellation.WaitHandle.WaitOne(delay) || cancellation.IsCancellationRequested;

    private static UnixInstant WallClock() => UnixInstant.FromUnixTimeNanoseconds(Clocks.RealtimeNanoseconds());
}
