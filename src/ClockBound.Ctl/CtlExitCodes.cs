namespace ClockBound.Ctl;

/// <summary>clockboundctl's exit codes (docs/clockboundctl.md).</summary>
internal static class CtlExitCodes
{
    /// <summary>Done: the output was printed; <c>watch</c> ended by its <c>--count</c> or by SIGINT/SIGTERM; <c>--help</c>, <c>--version</c>.</summary>
    public const int Success = 0;

    /// <summary>
    /// The segment could not be read (missing, not initialised, malformed...) or chronyd could not
    /// be asked; stderr has one line saying why.
    /// </summary>
    public const int RuntimeError = 1;

    /// <summary>Bad command line; stderr says what is wrong.</summary>
    public const int UsageError = 2;

    /// <summary><c>waitsync</c>: the segment was not Synchronized (within <c>--max-bound</c>) before <c>--timeout-seconds</c>.</summary>
    public const int WaitTimedOut = 1;

    /// <summary><c>waitsync</c>: waiting cannot succeed (bad flags, a malformed segment, permission denied).</summary>
    public const int WaitFatal = 2;

    /// <summary><c>now --require-reliable</c>: the reading was printed, but its status is Unknown or Disrupted.</summary>
    public const int NotReliable = 3;

    /// <summary><c>status --require-publishing</c>: everything was printed, but nothing wrote the segment while it was watched.</summary>
    public const int NotPublishing = 3;

    /// <summary><c>doctor</c>: every check passed.</summary>
    public const int DoctorPass = 0;

    /// <summary><c>doctor</c>: at least one warning, no failure.</summary>
    public const int DoctorWarn = 1;

    /// <summary><c>doctor</c>: at least one failure.</summary>
    public const int DoctorFail = 2;
}
