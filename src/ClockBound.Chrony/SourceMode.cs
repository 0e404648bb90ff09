namespace ClockBound.Chrony;

/// <summary>How chronyd talks to a source, as <c>chronyc sources</c> shows it in its first column.</summary>
public enum SourceMode : ushort
{
    /// <summary><c>^</c>: an NTP server.</summary>
    Client = 0,

    /// <summary><c>=</c>: an NTP peer.</summary>
    Peer = 1,

    /// <summary><c>#</c>: a reference clock (e.g. a PHC).</summary>
    ReferenceClock = 2,
}
