namespace ClockBound.Daemon;

/// <summary>
/// The status the daemon publishes, derived from two inputs (chrony status and disruption
/// state) that are updated one at a time (daemon.md, "State machine"). Pure; not thread-safe.
/// </summary>
internal sealed class ClockStateMachine
{
    /// <summary>Starts in Unknown, with chrony Unknown and disruption Unknown (Reliable without disruption support).</summary>
    public ClockStateMachine(bool disruptionSupportEnabled)
    {
        DisruptionSupportEnabled = disruptionSupportEnabled;
        Disruption = disruptionSupportEnabled ? DisruptionState.Unknown : DisruptionState.Reliable;
    }

    /// <summary>Without it the disruption input is pinned to Reliable and Disrupted never occurs.</summary>
    public bool DisruptionSupportEnabled { get; }

    /// <summary>The status to publish.</summary>
    public ClockStatus State { get; private set; } = ClockStatus.Unknown;

    /// <summary>The last chrony status fed.</summary>
    public ChronyClockStatus Chrony { get; private set; } = ChronyClockStatus.Unknown;

    /// <summary>The last disruption state fed (always Reliable without disruption support).</summary>
    public DisruptionState Disruption { get; private set; }

    /// <summary>Feeds a new chrony status, keeping the disruption state; returns the new state.</summary>
    public ClockStatus Update(ChronyClockStatus chrony)
    {
        Chrony = chrony;
        State = Next(State, Chrony, Disruption);
        return State;
    }

    /// <summary>
    /// Feeds a new disruption state, keeping the chrony status; returns the new state. Without
    /// disruption support the input stays Reliable whatever is fed.
    /// </summary>
    public ClockStatus Update(DisruptionState disruption)
    {
        Disruption = DisruptionSupportEnabled ? disruption : DisruptionState.Reliable;
        State = Next(State, Chrony, Disruption);
        return State;
    }

    /// <summary>The transition table (one table serves both modes: without support the disruption input is always Reliable).</summary>
    internal static ClockStatus Next(ClockStatus current, ChronyClockStatus chrony, DisruptionState disruption) =>
        disruption switch
        {
            DisruptionState.Disrupted => ClockStatus.Disrupted,
            DisruptionState.Reliable => chrony switch
            {
                // Leaving Disrupted goes through Unknown: chronyd's pre-disruption data proves nothing.
                ChronyClockStatus.Synchronized => current == ClockStatus.Disrupted ? ClockStatus.Unknown : ClockStatus.Synchronized,
                // Free running is only meaningful for a clock that was synchronised: it needs a bound to extrapolate.
                ChronyClockStatus.FreeRunning => current is ClockStatus.Synchronized or ClockStatus.FreeRunning
                    ? ClockStatus.FreeRunning
                    : ClockStatus.Unknown,
                _ => ClockStatus.Unknown,
            },
            _ => ClockStatus.Unknown,
        };
}
