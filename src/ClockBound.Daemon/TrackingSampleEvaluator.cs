using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// Turns a tracking report into a <see cref="TrackingSample"/>: classification, then (for a
/// Synchronized report) the exact bound plus the PHC error bound when chronyd's reference is
/// the PHC. Pure apart from the PHC source; allocation-free unless it fails.
/// </summary>
internal sealed class TrackingSampleEvaluator
{
    private readonly uint? _phcRefId;
    private readonly IPhcErrorBoundSource? _phc;

    /// <summary>Without a PHC (<paramref name="phcRefId"/> null) nothing is ever added to the bound.</summary>
    public TrackingSampleEvaluator(uint? phcRefId, IPhcErrorBoundSource? phc)
    {
        if (phcRefId.HasValue != (phc is not null))
        {
            throw new ArgumentException("a PHC reference id and a PHC error bound source go together");
        }
        _phcRefId = phcRefId;
        _phc = phc;
    }

    /// <summary>
    /// Evaluates <paramref name="report"/> at <paramref name="realtimeNanoseconds"/>. Fails, with
    /// a kind and a reason, when the report is malformed or absurd, or the PHC bound it needs cannot be read.
    /// </summary>
    public SampleFailure Evaluate(in TrackingReport report, long realtimeNanoseconds, out TrackingSample sample, out string? error)
    {
        sample = default;
        if (!ChronyStatusClassifier.TryClassify(report, realtimeNanoseconds, out ChronyClockStatus status, out error))
        {
            return SampleFailure.ReportRejected;
        }
        if (status != ChronyClockStatus.Synchronized)
        {
            // Only a Synchronized sample's bound is ever kept; skip the PHC read for the others.
            sample = new TrackingSample(status, 0);
            return SampleFailure.None;
        }

        long phcBound = 0;
        if (_phc is not null && report.RefId == _phcRefId)
        {
            try
            {
                phcBound = _phc.ReadErrorBoundNanoseconds();
            }
            catch (PhcErrorBoundException e)
            {
                error = $"chronyd's reference is the PHC, but its error bound is unavailable: {e.Message}";
                return SampleFailure.PhcBoundUnavailable;
            }
        }
        TrackingErrorBoundFault fault = TrackingErrorBound.Compute(report, phcBound, out UInt128 bound);
        if (fault != TrackingErrorBoundFault.None)
        {
            error = Describe(fault, report, phcBound, bound);
            return SampleFailure.BoundRejected;
        }
        sample = new TrackingSample(status, (long)bound);
        return SampleFailure.None;
    }

    private static string Describe(TrackingErrorBoundFault fault, in TrackingReport report, long phcBound, UInt128 bound) => fault switch
    {
        TrackingErrorBoundFault.NegativeRootDelay => $"root_delay is negative ({report.RootDelay} s)",
        TrackingErrorBoundFault.NegativeRootDispersion => $"root_dispersion is negative ({report.RootDispersion} s)",
        TrackingErrorBoundFault.NegativePhcErrorBound => $"the PHC error bound is negative ({phcBound} ns)",
        _ => $"the bound would be {bound} ns, more than the {TrackingErrorBound.MaximumNanoseconds} ns a sane chronyd can report: "
            + $"root_delay {report.RootDelay} s, root_dispersion {report.RootDispersion} s, current_correction {report.CurrentCorrection} s "
            + $"or the PHC's {phcBound} ns is absurdly large",
    };
}
