using System.Diagnostics.Metrics;

namespace ClockBound.Extensions.Metrics;

/// <summary>
/// Publishes a clock's readings on the <see cref="Meter"/> named <see cref="MeterName"/>: observable
/// gauges for the bound, the status and the data age, read when a listener collects (OpenTelemetry's
/// <c>AddMeter("ClockBound")</c>, <c>dotnet-counters</c>, a <see cref="MeterListener"/>), and a
/// counter of the read errors those collections meet, by kind.
/// </summary>
/// <remarks>
/// One collection reads the clock once: the gauges share a reading taken less than
/// <see cref="ReadingLifetime"/> before, so they agree and each failed reading counts once.
/// Seconds are rounded up (the bound and the data age are upper bounds); on a failed reading the
/// status gauge reports <c>unknown</c> and the bound and data-age gauges report nothing.
/// </remarks>
public sealed class ClockBoundMetrics
{
    /// <summary>The meter's name: <c>"ClockBound"</c>.</summary>
    public const string MeterName = "ClockBound";

    /// <summary>Gauge, seconds (double): the bound on the system clock's error, half the interval's width.</summary>
    public const string BoundInstrument = "clockbound.bound";

    /// <summary>
    /// Gauge (int), one measurement per status with the tag <see cref="StatusTag"/>
    /// (<c>synchronized</c>, <c>free_running</c>, <c>unknown</c>, <c>disrupted</c>): 1 for the current status, 0 for the others.
    /// </summary>
    public const string StatusInstrument = "clockbound.status";

    /// <summary>Gauge, seconds (double): the age of the daemon's data behind the reading.</summary>
    public const string DataAgeInstrument = "clockbound.data_age";

    /// <summary>Counter (long): readings that failed, with the tag <see cref="ErrorTypeTag"/> naming the <see cref="ClockBoundErrorKind"/>.</summary>
    public const string ReadErrorsInstrument = "clockbound.read.errors";

    /// <summary>The tag of <see cref="StatusInstrument"/>'s measurements: <c>"clockbound.status"</c>.</summary>
    public const string StatusTag = "clockbound.status";

    /// <summary>The tag of <see cref="ReadErrorsInstrument"/>'s measurements: <c>"error.type"</c> (OpenTelemetry's convention).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>How long the gauges of one collection share a reading: 1 ms (the client's own refresh interval).</summary>
    public static readonly TimeSpan ReadingLifetime = TimeSpan.FromMilliseconds(1);

    private static readonly (ClockStatus Status, KeyValuePair<string, object?> Tag)[] Statuses =
    [
        (ClockStatus.Synchronized, new(StatusTag, "synchronized")),
        (ClockStatus.FreeRunning, new(StatusTag, "free_running")),
        (ClockStatus.Unknown, new(StatusTag, "unknown")),
        (ClockStatus.Disrupted, new(StatusTag, "disrupted")),
    ];

    private readonly IClockBound _clock;
    private readonly TimeProvider _timeProvider;
    private readonly Counter<long> _readErrors;
    private readonly Lock _gate = new();
    private long _readAt;
    private bool _hasReading;
    private ClockBoundNow _reading;
    private bool _readingFailed;

    /// <summary>Creates the meter <see cref="MeterName"/> from <paramref name="meterFactory"/> and its instruments on <paramref name="clock"/>.</summary>
    /// <param name="clock">The clock to read.</param>
    /// <param name="meterFactory">The factory that owns the meter (and disposes it with the container).</param>
    /// <param name="timeProvider">What measures <see cref="ReadingLifetime"/>; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> or <paramref name="meterFactory"/> is null.</exception>
    public ClockBoundMetrics(IClockBound clock, IMeterFactory meterFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _clock = clock;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Meter = meterFactory.Create(MeterName);
        Meter.CreateObservableGauge(BoundInstrument, ObserveBound, "s", "Bound on the system clock's error: true time is within this of CLOCK_REALTIME.");
        Meter.CreateObservableGauge(StatusInstrument, ObserveStatus, "{status}", "The clock's status: 1 for the current one.");
        Meter.CreateObservableGauge(DataAgeInstrument, ObserveDataAge, "s", "Age of the ClockBound daemon's data behind the reading.");
        _readErrors = Meter.CreateCounter<long>(ReadErrorsInstrument, "{error}", "Readings of the clock that failed, by kind.");
    }

    /// <summary>The meter the instruments are on.</summary>
    public Meter Meter { get; }

    private IEnumerable<Measurement<double>> ObserveBound()
    {
        if (TryRead(out ClockBoundNow now))
        {
            return [new(UpperSeconds(now.BoundNanoseconds))];
        }
        return [];
    }

    private IEnumerable<Measurement<double>> ObserveDataAge()
    {
        if (TryRead(out ClockBoundNow now))
        {
            return [new(UpperSeconds(now.DataAge.Ticks * 100))];
        }
        return [];
    }

    private IEnumerable<Measurement<int>> ObserveStatus()
    {
        // A reading that failed proves nothing: Unknown, as the client's own soundness rule has it.
        ClockStatus current = TryRead(out ClockBoundNow now) ? now.Status : ClockStatus.Unknown;
        var measurements = new Measurement<int>[Statuses.Length];
        for (int i = 0; i < Statuses.Length; i++)
        {
            measurements[i] = new Measurement<int>(Statuses[i].Status == current ? 1 : 0, Statuses[i].Tag);
        }
        return measurements;
    }

    /// <summary>The shared reading, taken again once older than <see cref="ReadingLifetime"/>; false when it failed.</summary>
    private bool TryRead(out ClockBoundNow now)
    {
        lock (_gate)
        {
            long timestamp = _timeProvider.GetTimestamp();
            if (!_hasReading || _timeProvider.GetElapsedTime(_readAt, timestamp) >= ReadingLifetime)
            {
                _hasReading = true;
                _readAt = timestamp;
                try
                {
                    _reading = _clock.Now();
                    _readingFailed = false;
                }
                catch (ClockBoundException e)
                {
                    _readingFailed = true;
                    _readErrors.Add(1, new KeyValuePair<string, object?>(ErrorTypeTag, e.Kind.ToString()));
                }
            }
            now = _reading;
            return !_readingFailed;
        }
    }

    /// <summary><paramref name="nanoseconds"/> in seconds, never below the exact value (one ulp above the nearest double).</summary>
    private static double UpperSeconds(long nanoseconds) => nanoseconds == 0 ? 0 : Math.BitIncrement(nanoseconds / 1e9);
}
