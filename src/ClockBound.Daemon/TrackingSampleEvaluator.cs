using ClockBound.Chrony;

namespace ClockBound.Daemon;

/// <summary>
/// Turns a tracking report into a <see cref="TrackingSample"/>: classification, then (for a
/// Synchronized report) the exact bound plus the PHC error bound when chronyd's reference is
/// the PHC. Pure apart from the PHC source.
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
    /// a reason, when the report is malformed or absurd, or the PHC bound it needs cannot be read.
    /// </summary>
    public bool TryEvaluate(TrackingReport report, long realtimeNanoseconds, out TrackingSample sample, out string? error)
    {
        sample = default;
        if (!ChronyStatusClassifier.TryClassify(report, realtimeNanoseconds, out ChronyClockStatus status, out error))
        {
            return false;
        }
        if (status != ChronyClockStatus.Synchronized)
        {
            // Only a Synchronized sample's bound is ever kept; skip the PHC read for the others.
            sample = new TrackingSample(status, 0);
            return true;
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
                return false;
            }
        }
        if (!ErrorBoundCalculator.TryCompute(report.RootDelay, report.RootDispersion, report.CurrentCorrection, phcBound, out long bound, out error))
        {
            return false;
        }
        sample = new TrackingSample(status, bound);
        return true;
    }
}
