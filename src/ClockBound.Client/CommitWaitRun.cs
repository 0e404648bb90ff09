using System.Runtime.CompilerServices;
using ClockBound.Interop;

namespace ClockBound.Client;

/// <summary>
/// One commit wait in progress: reads the clock, follows <see cref="CommitWaitPlan"/>, spins on
/// this thread and sleeps on the system (<see cref="PreciseSleep"/>, <see cref="CommitWaitTimer"/>) or on a given time provider's timers.
/// </summary>
internal readonly struct CommitWaitRun
{
    private readonly IClockBound _clock;
    private readonly UnixInstant _instant;
    private readonly TimeProvider _timeProvider;
    private readonly bool _timersOnly;
    private readonly bool _failFast;
    private readonly long _spinThresholdNanoseconds;
    private readonly long _maximumWaitNanoseconds;
    private readonly long _start;

    private CommitWaitRun(IClockBound clock, UnixInstant instant, CommitWaitOptions options)
    {
        _clock = clock;
        _instant = instant;
        _timeProvider = options.TimeProvider ?? TimeProvider.System;
        _timersOnly = _timeProvider != TimeProvider.System;
        _failFast = options.FailFastOnUnreliableStatus;
        _spinThresholdNanoseconds = options.SpinThreshold.Ticks * 100;
        // Infinite, or beyond what nanoseconds hold (about 292 years): no deadline.
        _maximumWaitNanoseconds = options.MaximumWait == Timeout.InfiniteTimeSpan || options.MaximumWait.Ticks >= long.MaxValue / 100
            ? CommitWaitPlan.NoDeadline
            : options.MaximumWait.Ticks * 100;
        _start = _maximumWaitNanoseconds == CommitWaitPlan.NoDeadline ? 0 : _timeProvider.GetTimestamp();
    }

    /// <summary>The blocking wait: returns the reading that proves the instant surely passed.</summary>
    public static ClockBoundNow Wait(IClockBound clock, UnixInstant instant, CommitWaitOptions options, CancellationToken cancellationToken)
    {
        var run = new CommitWaitRun(clock, instant, options);
        while (true)
        {
            if (run.SpinUntilDoneOrSleep(cancellationToken, out ClockBoundNow proof, out TimeSpan sleep))
            {
                return proof;
            }
            run.Sleep(sleep, cancellationToken);
        }
    }

    /// <summary>
    /// The asynchronous wait. A wait that needs no sleep (the instant has passed, or only the spin
    /// stretch is left) completes synchronously, allocating nothing; every failure is in the task.
    /// </summary>
    public static ValueTask<ClockBoundNow> WaitAsync(IClockBound clock, UnixInstant instant, CommitWaitOptions options,
        CancellationToken cancellationToken)
    {
        try
        {
            var run = new CommitWaitRun(clock, instant, options);
            return run.SpinUntilDoneOrSleep(cancellationToken, out ClockBoundNow proof, out TimeSpan sleep)
                ? new ValueTask<ClockBoundNow>(proof)
                : run.SleepThenWaitAsync(sleep, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ClockBoundNow>(cancellationToken);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<ClockBoundNow>(e);
        }
    }

    // Pooled: a waiting commit (one that sleeps) allocates its state machine only while the pool is empty.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ClockBoundNow> SleepThenWaitAsync(TimeSpan sleep, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Off Linux (a fake IClockBound on another OS) the system timers are all there is.
            await (_timersOnly || !OperatingSystem.IsLinux()
                ? Task.Delay(sleep, _timeProvider, cancellationToken)
                : CommitWaitTimer.Shared.DelayAsync(sleep, cancellationToken)).ConfigureAwait(false);
            if (SpinUntilDoneOrSleep(cancellationToken, out ClockBoundNow proof, out sleep))
            {
                return proof;
            }
        }
    }

    /// <summary>
    /// Reads the clock until the instant has surely passed (true, with the proof) or a sleep is due
    /// (false, with its length); spins between readings. Throws the wait's failures.
    /// </summary>
    private bool SpinUntilDoneOrSleep(CancellationToken cancellationToken, out ClockBoundNow proof, out TimeSpan sleep)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            proof = _clock.Now();
            switch (CommitWaitPlan.Next(proof, _instant, _spinThresholdNanoseconds, _failFast, UntilDeadline(), _timersOnly, out sleep))
            {
                case CommitWaitStep.Done:
                    return true;
                case CommitWaitStep.Sleep:
                    return false;
                case CommitWaitStep.Spin:
                    Thread.SpinWait(1);
                    break;
                case CommitWaitStep.FailNotReliable:
                    throw new CommitWaitException(CommitWaitFailure.ClockNotReliable, _instant, proof);
                default:
                    throw new CommitWaitException(CommitWaitFailure.TimedOut, _instant, proof);
            }
        }
    }

    private long UntilDeadline() => _maximumWaitNanoseconds == CommitWaitPlan.NoDeadline
        ? CommitWaitPlan.NoDeadline
        : _maximumWaitNanoseconds - _timeProvider.GetElapsedTime(_start).Ticks * 100;

    private void Sleep(TimeSpan sleep, CancellationToken cancellationToken)
    {
        if (_timersOnly)
        {
            Task.Delay(sleep, _timeProvider, cancellationToken).GetAwaiter().GetResult();
        }
        else if (cancellationToken.CanBeCanceled && sleep >= TimeSpan.FromMilliseconds(1))
        {
            // The whole milliseconds, woken early by cancellation; the next round throws or sleeps the rest.
            cancellationToken.WaitHandle.WaitOne((int)sleep.TotalMilliseconds);
        }
        else if (!OperatingSystem.IsLinux() || !PreciseSleep.TrySleep(sleep.Ticks * 100))
        {
            // Coarser, never wrong: the next reading decides whether the instant has passed.
            Thread.Sleep(sleep);
        }
    }
}
