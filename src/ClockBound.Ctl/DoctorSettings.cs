namespace ClockBound.Ctl;

/// <summary>What <c>clockboundctl doctor</c> looks at.</summary>
/// <param name="SegmentPath">The segment (<c>--shm-path</c>).</param>
/// <param name="ChronySocketPath">chronyd's command socket (<c>--chrony-socket</c>).</param>
/// <param name="ChronyConfPath">chronyd's configuration (<c>--chrony-conf</c>).</param>
/// <param name="VMClockPath">The VMClock device (<c>--vmclock-path</c>).</param>
internal sealed record DoctorSettings(string SegmentPath, string ChronySocketPath, string ChronyConfPath, string VMClockPath);
