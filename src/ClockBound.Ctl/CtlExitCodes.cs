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
}
