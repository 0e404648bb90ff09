using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Client;

/// <summary>
/// The asynchronous commit wait's sleeps. System.Threading timers (and so Task.Delay) run on
/// Environment.TickCount64, which Linux serves from CLOCK_MONOTONIC_COARSE: a 1 ms delay fires
/// after 1 to 5 ms at HZ=250 (3.3 ms median here). This timer is one background thread that
/// waits the whole milliseconds with Monitor.Wait (whose timeout runs on the precise monotonic
/// clock) and the rest with <see cref="PreciseSleep"/>, and completes each delay on the thread pool.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CommitWaitTimer
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    private readonly object _gate = new();
    private readonly PriorityQueue<Delay, long> _due = new();
    private Thread? _thread;

    /// <summary>The process's one commit-wait timer (its thread starts with the first delay).</summary>
    public static CommitWaitTimer Shared { get; } = new();

    /// <summary>A task that completes (on the thread pool) once <paramref name="duration"/> has passed, or is cancelled.</summary>
    public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var delay = new Delay();
        if (cancellationToken.CanBeCanceled)
        {
            delay.Registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((Delay)state!).TrySetCanceled(token), delay);
        }
        long due = Clocks.MonotonicNanoseconds() + duration.Ticks * 100;
        lock (_gate)
        {
            _due.Enqueue(delay, due);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "ClockBound commit wait" };
                _thread.UnsafeStart();
            }
            else if (_due.Peek() == delay)
            {
                Monitor.Pulse(_gate); // the earliest now: wake the thread to wait for it
            }
        }
        return delay.Task;
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                RunUntilFailure();
            }
            catch (Exception e)
            {
                // The clock could not be read (a sandbox forbidding it): fail the waits, never the process.
                Exception failure = e is SystemCallException call
                    ? new ClockBoundException(call, $"{call.Message}: the commit wait cannot measure its sleep")
                    : e;
                lock (_gate)
                {
                    while (_due.TryDequeue(out Delay? delay, out _))
                    {
                        delay.Registration.Unregister();
                        delay.TrySetException(failure);
                    }
                }
            }
        }
    }

    private void RunUntilFailure()
    {
        while (true)
        {
            long shortSleep;
            lock (_gate)
            {
                if (!_due.TryPeek(out Delay? delay, out long due))
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                shortSleep = due - Clocks.MonotonicNanoseconds();
                if (shortSleep >= NanosecondsPerMillisecond)
                {
                    Monitor.Wait(_gate, (int)Math.Min(shortSleep / NanosecondsPerMillisecond, int.MaxValue));
                    continue;
                }
                if (shortSleep <= 0)
                {
                    _due.Dequeue();
                    delay.Registration.Unregister();
                    delay.TrySetResult();
                    continue;
                }
            }
            // Under a millisecond to go: sleep it precisely, outside the lock so that waits can still be
            // added; where that is forbidden, a millisecond (late, never early).
            if (!PreciseSleep.TrySleep(shortSleep))
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>One pending delay; its continuations run on the thread pool, never on the timer's thread.</summary>
    private sealed class Delay() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationTokenRegistration Registration { get; set; }
    }
}
