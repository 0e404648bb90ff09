using ClockBound.Chrony;
using ClockBound.Common;
using ClockBound.Interop;
using ClockBound.Shm;
using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>
/// Composes the daemon from parsed options: opens the segments, decides disruption support,
/// opens chronyd's socket, hands the signals to the loop, runs it until SIGTERM/SIGINT (or
/// <c>cancellationToken</c>) with a bounded wait for it to end, then releases everything (the chronyd connection first, so its
/// socket file goes; the segment files stay for clients and a warm restart).
/// </summary>
internal static class DaemonHost
{
    /// <summary>Runs the daemon; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="options">Parsed command line.</param>
    /// <param name="logger">Where every line goes.</param>
    /// <param name="openChrony">Opens chronyd's command socket (a <see cref="LazyChronyConnection"/> in production).</param>
    /// <param name="clock">The clocks (<see cref="SystemDaemonClock.Instance"/> in production).</param>
    /// <param name="cancellationToken">Stops the daemon like SIGTERM does.</param>
    public static int Run(DaemonOptions options, ILogger logger, Func<string, IChronyControl> openChrony, IDaemonClock clock, CancellationToken cancellationToken)
    {
        var relay = new DaemonSignalRelay();
        using DaemonSignals signals = relay.Register();
        return Run(options, logger, openChrony, clock, relay, cancellationToken);
    }

    /// <summary>
    /// Runs the daemon with signal handlers registered earlier (by <c>Program</c>, before the
    /// command line is parsed) through <paramref name="signals"/>; returns the process exit code.
    /// </summary>
    /// <remarks>
    /// The loop runs on its own thread; this one waits for a stop request, then gives the loop
    /// <paramref name="stopDeadline"/> (default <see cref="DaemonTiming.StopDeadline"/>) to end.
    /// A loop stuck in a system call past that is abandoned: the chronyd connection is closed
    /// (removing its client socket) if that can be done in time, what the loop still uses is left
    /// alone, and the exit code is <see cref="ExitCodes.StopTimedOut"/>.
    /// With <c>notifySettings</c> (<see cref="SystemdNotifySettings.FromEnvironment"/>) systemd is
    /// notified of readiness, status, progress (watchdog) and the stop.
    /// </remarks>
    public static int Run(DaemonOptions options, ILogger logger, Func<string, IChronyControl> openChrony, IDaemonClock clock,
        DaemonSignalRelay signals, CancellationToken cancellationToken, TimeSpan? stopDeadline = null, SystemdNotifySettings? notifySettings = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(openChrony);
        ArgumentNullException.ThrowIfNull(clock);
        TimeSpan deadline = stopDeadline ?? DaemonTiming.StopDeadline;

        LogStartup(logger, options);

        SegmentWriter? v2 = null;
        SegmentWriter? v1 = null;
        IDisruptionMarkerSource? disruption = null;
        IChronyControl? chrony = null;
        SystemdNotifier? notifier = null;
        MetricsEndpoint? metricsEndpoint = null;
        bool abandoned = false;
        string stopSignal = "cancellation";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            signals.AttachStop(signal =>
            {
                Log.Stopping(logger, signal);
                Volatile.Read(ref notifier)?.OnStopping();
                stopSignal = signal;
                stop.Cancel();
            });
            long startedRealtime = clock.RealtimeNanoseconds();
            var metrics = new DaemonMetrics();
            var observer = new DaemonObserver(metrics, new DaemonConditionFile(options.ShmPath, Environment.ProcessId, startedRealtime, logger), clock, logger);
            if (options.MetricsListen is { } listen && !TryStartMetrics(logger, listen, observer, clock, startedRealtime, out metricsEndpoint))
            {
                return ExitCodes.UsageError;
            }
            if (!TryOpenSegment(logger, options.ShmPath, 2, out v2))
            {
                return ExitCodes.StartupFailed;
            }
            if (options.ShmV1Path is null)
            {
                Log.SegmentV1Disabled(logger);
            }
            else if (!TryOpenSegment(logger, options.ShmV1Path, 1, out v1))
            {
                return ExitCodes.StartupFailed;
            }

            DisruptionSupportSetup.Result setup = DisruptionSupportSetup.Open(options, DisruptionSupportSetup.OpenVMClock, Path.Exists);
            if (setup.Error is not null)
            {
                Log.DisruptionSupportFailed(logger, setup.Error);
                return ExitCodes.StartupFailed;
            }
            disruption = setup.Source;
            if (setup.Warning is not null)
            {
                Log.DisruptionSupportUnavailable(logger, setup.Warning);
            }
            else if (disruption is null)
            {
                Log.DisruptionSupportDisabledByFlag(logger);
            }
            else
            {
                Log.DisruptionSupportEnabled(logger, disruption.Description);
            }

            SysfsPhcErrorBound? phc = null;
            if (options.PhcRefId is uint refId && options.PhcInterface is string iface)
            {
                phc = new SysfsPhcErrorBound(options.SysfsRoot, iface);
                Log.PhcConfigured(logger, options.PhcRefIdText ?? "", refId, phc.UeventPath);
            }

            try
            {
                chrony = openChrony(options.ChronySocketPath);
            }
            catch (Exception e)
            {
                Log.ChronyOpenFailed(logger, options.ChronySocketPath, e.Message);
                return ExitCodes.StartupFailed;
            }

            ISegmentSink sink = new MeasuringSegmentSink(new SegmentWriterSink(v2, v1, logger), metrics);
            Volatile.Write(ref notifier, OpenNotifier(notifySettings, clock, logger));
            if (notifier is not null)
            {
                sink = new NotifyingSegmentSink(sink, notifier);
            }
            var loop = new DaemonLoop(
                new DaemonLoopSettings { MaxDriftPpb = options.MaxDriftPpb, PollInterval = options.PollInterval },
                new MeasuringChronyControl(chrony, metrics),
                sink,
                clock,
                disruption,
                phc is null ? null : options.PhcRefId,
                phc,
                logger,
                observer);

            signals.Attach(loop, signal => HostLog.HangupIgnored(logger, signal));
            if (!RunUntilStopped(loop, deadline, stop.Token))
            {
                abandoned = true;
                HostLog.StopTimedOut(logger, (long)deadline.TotalMilliseconds, stopSignal, ExitCodes.StopTimedOut);
                return ExitCodes.StopTimedOut;
            }
            Log.Stopped(logger);
            return ExitCodes.Success;
        }
        finally
        {
            // No signal may act on what is released below. (An abandoned loop's stop has waited
            // its deadline already: do not wait again for a delivery stuck on that loop.)
            abandoned |= !signals.Detach(abandoned ? TimeSpan.Zero : deadline);
            if (abandoned)
            {
                // The loop (or a signal's delivery to it) still runs and may use the segments and
                // the VMClock page: leave them mapped (the process is about to exit). Only the
                // connection goes, for its socket file next to chronyd's, if that is quick.
                CloseWithin(chrony, deadline, logger);
            }
            else
            {
                // The connection first: disposing it removes its socket file next to chronyd's.
                chrony?.Dispose();
                metricsEndpoint?.Dispose();
                notifier?.Dispose();
                (disruption as IDisposable)?.Dispose();
                v1?.Dispose();
                v2?.Dispose();
            }
        }
    }

    /// <summary>
    /// Runs the loop on its own thread until <paramref name="stop"/>; returns whether it ended
    /// within <paramref name="deadline"/> after that. An exception from the loop is rethrown here.
    /// </summary>
    private static bool RunUntilStopped(DaemonLoop loop, TimeSpan deadline, CancellationToken stop)
    {
        Exception? failure = null;
        // Not disposed: an abandoned loop thread still sets it when (if ever) it ends.
        var ended = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            try
            {
                loop.Run(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping.
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                ended.Set();
            }
        })
        {
            // A stuck loop must not keep the process alive after Main returns.
            IsBackground = true,
            Name = "clockbound loop",
        };
        thread.Start();
        WaitHandle.WaitAny([stop.WaitHandle, ended.WaitHandle]);
        if (!ended.Wait(deadline, CancellationToken.None))
        {
            return false;
        }
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        return true;
    }

    /// <summary>Connects to systemd's notification socket; a failure is logged and the daemon runs without it.</summary>
    private static SystemdNotifier? OpenNotifier(SystemdNotifySettings? settings, IDaemonClock clock, ILogger logger)
    {
        if (settings is null)
        {
            return null;
        }
        try
        {
            var socket = SystemdNotifySocket.Connect(settings.SocketAddress);
            HostLog.NotifySocketConnected(logger, settings.SocketAddress, settings.WatchdogPingIntervalNanoseconds / 1_000_000);
            return new SystemdNotifier(socket, clock, settings.WatchdogPingIntervalNanoseconds);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            HostLog.NotifySocketFailed(logger, settings.SocketAddress, e.Message);
            return null;
        }
    }

    private static void CloseWithin(IDisposable? resource, TimeSpan deadline, ILogger logger)
    {
        if (resource is null)
        {
            return;
        }
        var closer = new Thread(() =>
        {
            try
            {
                resource.Dispose();
            }
            catch (Exception)
            {
                // Best effort on the way out.
            }
        })
        { IsBackground = true, Name = "clockbound close" };
        closer.Start();
        if (!closer.Join(deadline))
        {
            HostLog.ChronyCloseTimedOut(logger, (long)deadline.TotalMilliseconds);
        }
    }

    /// <summary>The start-up lines: version, settings, and the default-drift warning.</summary>
    internal static void LogStartup(ILogger logger, DaemonOptions options)
    {
        Log.Starting(logger, PrintVersionAction.Version, Environment.ProcessId);
        Log.Settings(logger, options.MaxDriftRatePpm, options.MaxDriftPpb, (long)options.PollInterval.TotalMilliseconds, options.ChronySocketPath);
        if (!options.MaxDriftRateGiven)
        {
            Log.DefaultDriftRate(logger);
        }
    }

    /// <summary>Serves the metrics on <paramref name="listen"/>; a failure is a bad <c>--metrics-listen</c> (logged, exit 2).</summary>
    private static bool TryStartMetrics(ILogger logger, MetricsListenAddress listen, DaemonObserver observer, IDaemonClock clock, long startedRealtime,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetricsEndpoint? endpoint)
    {
        try
        {
            endpoint = MetricsEndpoint.Start(listen, observer, clock, PrintVersionAction.Version, startedRealtime);
            ObservabilityLog.MetricsListening(logger, listen.ToString());
            return true;
        }
        catch (MetricsListenException e)
        {
            ObservabilityLog.MetricsListenFailed(logger, listen.ToString(), e.Message);
            endpoint = null;
            return false;
        }
    }

    private static bool TryOpenSegment(ILogger logger, string path, int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SegmentWriter? writer)
    {
        try
        {
            writer = SegmentWriter.Open(path, version);
            Log.SegmentOpened(logger, version, path, writer.IsWarmRestart ? "reused: warm restart" : writer.ReplacedBecause is string why ? $"replaced a file that was not its own: {why}" : "initialised");
            return true;
        }
        catch (Exception e) when (e is SystemCallException or IOException or UnauthorizedAccessException)
        {
            Log.SegmentOpenFailed(logger, version, path, e.Message);
            writer = null;
            return false;
        }
    }
}
