using System.Globalization;
using System.Text;

namespace ClockBound.Soundness.Tests;

/// <summary>
/// Everything one sampler saw from one segment: readings per status, misses, the smallest
/// margin, status changes, errors. Thread-safe (one sampler thread writes, the test reads).
/// </summary>
public sealed class ReadingTally
{
    /// <summary>Misses kept in full for the failure message.</summary>
    private const int MissesKept = 20;

    /// <summary>Status changes kept (a chronyd settling in can flap for a while).</summary>
    private const int ChangesKept = 40;

    private readonly Lock _gate = new();
    private readonly Dictionary<ClockStatus, StatusFigures> _byStatus = [];
    private readonly List<string> _misses = [];
    private readonly List<string> _changes = [];
    private readonly Dictionary<string, int> _errors = [];
    private ClockStatus? _lastStatus;
    private string? _lastStatusText;
    private int _changeCount;
    private int _missCount;
    private readonly Dictionary<ClockStatus, int> _missesByStatus = [];

    /// <param name="name">What was read, e.g. "v2 shm0".</param>
    public ReadingTally(string name) => Name = name;

    /// <summary>What was read.</summary>
    public string Name { get; }

    /// <summary>The status of the latest reading, null before the first.</summary>
    public ClockStatus? LastStatus
    {
        get
        {
            lock (_gate)
            {
                return _lastStatus;
            }
        }
    }

    /// <summary>Reliable readings (Synchronized or FreeRunning) that missed true time.</summary>
    public int Misses
    {
        get
        {
            lock (_gate)
            {
                return _missCount;
            }
        }
    }

    /// <summary>Misses among readings with <paramref name="status"/> so far.</summary>
    public int MissesWith(ClockStatus status)
    {
        lock (_gate)
        {
            return _missesByStatus.GetValueOrDefault(status);
        }
    }

    /// <summary>Readings with <paramref name="status"/> so far.</summary>
    public int ReadingsWith(ClockStatus status)
    {
        lock (_gate)
        {
            return _byStatus.TryGetValue(status, out StatusFigures? figures) ? figures.Readings : 0;
        }
    }

    /// <summary>Reliable readings so far.</summary>
    public int ReliableReadings => ReadingsWith(ClockStatus.Synchronized) + ReadingsWith(ClockStatus.FreeRunning);

    /// <summary>The smallest margin over reliable readings, ns; null if none.</summary>
    public long? SmallestMargin
    {
        get
        {
            lock (_gate)
            {
                return SmallestMarginLocked();
            }
        }
    }

    /// <summary>
    /// Adds a reading taken at <paramref name="elapsed"/> into the scenario. A reliable reading
    /// (Synchronized, FreeRunning) that does not contain true time is a miss.
    /// </summary>
    public void Add(CheckedReading reading, TimeSpan elapsed)
    {
        lock (_gate)
        {
            NoteStatus(reading.Status.ToString(), elapsed, reading.Bound);
            _lastStatus = reading.Status;
            if (!_byStatus.TryGetValue(reading.Status, out StatusFigures? figures))
            {
                _byStatus[reading.Status] = figures = new StatusFigures();
            }

            figures.Add(reading, elapsed);
            if (reading.IsReliable && !reading.ContainsTruth)
            {
                _missCount++;
                _missesByStatus[reading.Status] = _missesByStatus.GetValueOrDefault(reading.Status) + 1;
                if (_misses.Count < MissesKept)
                {
                    _misses.Add(string.Create(CultureInfo.InvariantCulture, $"at {elapsed.TotalSeconds:F3} s: {reading}"));
                }
            }
        }
    }

    /// <summary>Counts a reading that threw (e.g. the segment not initialised yet).</summary>
    public void AddError(ClockBoundException error, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            string kind = error.Kind.ToString();
            NoteStatus("error " + kind, elapsed, bound: null);
            _lastStatus = null;
            _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>The misses kept, one per line (empty when none).</summary>
    public string DescribeMisses()
    {
        lock (_gate)
        {
            return string.Join('\n', _misses) + (_missCount > _misses.Count ? $"\n… and {_missCount - _misses.Count} more" : "");
        }
    }

    /// <summary>A few lines for the test output: per status readings, smallest margin, bound range; misses; status changes.</summary>
    public string Summary()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            int reliable = 0;
            foreach (ClockStatus status in (ClockStatus[])[ClockStatus.Synchronized, ClockStatus.FreeRunning])
            {
                reliable += _byStatus.TryGetValue(status, out StatusFigures? f) ? f.Readings : 0;
            }

            text.Append(CultureInfo.InvariantCulture, $"{Name}: {reliable} reliable readings, {_missCount} misses, smallest margin {FormatNs(SmallestMarginLocked())}");
            foreach ((ClockStatus status, StatusFigures f) in _byStatus.OrderBy(p => p.Key))
            {
                text.Append(CultureInfo.InvariantCulture, $"\n  {status}: {f.Readings} readings, bound {FormatNs(f.MinBound)} .. {FormatNs(f.MaxBound)}, |T - system clock| up to {FormatNs((long)f.MaxSystemClockError)}");
                if (status is ClockStatus.Synchronized or ClockStatus.FreeRunning && f.Tightest is { } t)
                {
                    text.Append(CultureInfo.InvariantCulture, $", smallest margin {FormatNs(t.Margin)} at {f.TightestAt.TotalSeconds:F1} s (bound {FormatNs(t.Bound)}, T - system clock {FormatNs((long)t.SystemClockError)})");
                    text.Append(CultureInfo.InvariantCulture, $"\n    whole truth bracket [T(r0), T(r1)]: smallest margin {FormatNs(f.SmallestBracketMargin)}, not contained in {f.BracketShortfalls} readings");
                    if (f.BracketShortfalls > 0)
                    {
                        text.Append(CultureInfo.InvariantCulture, $" (calls up to {FormatNs(f.LongestShortfallCall)} long: descheduled mid-call)");
                    }

                    text.Append(CultureInfo.InvariantCulture, $"; longest call {FormatNs(f.LongestCall)}");
                }
            }

            foreach ((string kind, int count) in _errors)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n  error {kind}: {count} readings");
            }

            text.Append("\n  status changes: ").AppendJoin(", ", _changes);
            if (_changeCount > _changes.Count)
            {
                text.Append(CultureInfo.InvariantCulture, $" … {_changeCount - _changes.Count} more");
            }
            if (_missCount > 0)
            {
                text.Append("\n  misses:\n").Append(DescribeMisses());
            }

            return text.ToString();
        }
    }

    /// <summary>Nanoseconds in a readable unit.</summary>
    public static string FormatNs(long? nanoseconds) => nanoseconds switch
    {
        null => "n/a",
        long ns when Math.Abs(ns) >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F3} ms"),
        long ns when Math.Abs(ns) >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F1} µs"),
        long ns => string.Create(CultureInfo.InvariantCulture, $"{ns} ns"),
    };

    private long? SmallestMarginLocked()
    {
        long? smallest = null;
        foreach (ClockStatus status in (ClockStatus[])[ClockStatus.Synchronized, ClockStatus.FreeRunning])
        {
            if (_byStatus.TryGetValue(status, out StatusFigures? f) && f.Tightest is { } t && (smallest is null || t.Margin < smallest))
            {
                smallest = t.Margin;
            }
        }

        return smallest;
    }

    private void NoteStatus(string status, TimeSpan elapsed, long? bound)
    {
        if (status == _lastStatusText)
        {
            return;
        }

        _lastStatusText = status;
        _changeCount++;
        if (_changes.Count < ChangesKept)
        {
            string first = bound is long b ? $" (bound {FormatNs(b)})" : "";
            _changes.Add(string.Create(CultureInfo.InvariantCulture, $"{status} @{elapsed.TotalSeconds:F1}s{first}"));
        }
    }
}
