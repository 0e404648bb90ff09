namespace ClockBound.Ctl;

/// <summary>How a doctor check came out.</summary>
internal enum DoctorOutcome
{
    /// <summary>Fine.</summary>
    Pass,

    /// <summary>Works, but probably not as intended, or cannot be checked.</summary>
    Warn,

    /// <summary>Wrong: the bound may be unsound, or clients cannot read it.</summary>
    Fail,
}

/// <summary>One line of doctor's report.</summary>
/// <param name="Outcome">PASS, WARN or FAIL.</param>
/// <param name="Topic">What was checked, one word or two.</param>
/// <param name="Message">What was found and, unless it passed, the fix.</param>
internal sealed record DoctorCheck(DoctorOutcome Outcome, string Topic, string Message)
{
    /// <summary><c>PASS  topic: message</c>.</summary>
    public override string ToString() => $"{Outcome.ToString().ToUpperInvariant(),-4}  {Topic}: {Message}";
}
