using System.Diagnostics.Metrics;
using ClockBound.Extensions.Metrics;
using ClockBound.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ClockBound.Extensions.Metrics.Tests;

/// <summary>The instruments on the fake clock, read back with MetricCollector.</summary>
public sealed class ClockBoundMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeClockBound _clock = new() { BoundNanoseconds = 25_000, DataAge = TimeSpan.FromMilliseconds(120) };
    private readonly IMeterFactory _meterFactory;

    public ClockBoundMetricsTests()
    {
        _meterFactory = _services.GetRequiredService<IMeterFactory>();
        _ = new ClockBoundMetrics(_clock, _meterFactory, _clock.TimeProvider);
    }

    public void Dispose() => _services.Dispose();

    private MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(_meterFactory, ClockBoundMetrics.MeterName, instrument, _clock.TimeProvider);

    private static int StatusValue(MetricCollector<int> status, string name) =>
        Assert.Single(status.GetMeasurementSnapshot(), m => (string?)m.Tags[ClockBoundMetrics.StatusTag] == name).Value;

    [Fact]
    public void GaugesReportTheBoundTheDataAgeAndTheStatus()
    {
        using MetricCollector<double> bound = Collect<double>(ClockBoundMetrics.BoundInstrument);
        using MetricCollector<double> dataAge = Collect<double>(ClockBoundMetrics.DataAgeInstrument);
        using MetricCollector<int> status = Collect<int>(ClockBoundMetrics.StatusInstrument);
        _clock.Status = ClockStatus.FreeRunning;
        bound.RecordObservableInstruments();
        dataAge.RecordObservableInstruments();
        status.RecordObservableInstruments();

        Assert.Equal(25e-6, bound.LastMeasurement!.Value, 1e-15);
        Assert.True(bound.LastMeasurement.Value >= 25e-6, "seconds are rounded up");
        Assert.Equal(0.12, dataAge.LastMeasurement!.Value, 1e-12);
        Assert.Equal(4, status.GetMeasurementSnapshot().Count);
        Assert.Equal(1, StatusValue(status, "free_running"));
        Assert.Equal(0, StatusValue(status, "synchronized"));
        Assert.Equal(0, StatusValue(status, "unknown"));
        Assert.Equal(0, StatusValue(status, "disrupted"));
        Assert.Equal("s", bound.Instrument!.Unit);
    }

    [Fact]
    public void OneCollectionReadsTheClockOnce()
    {
        using MetricCollector<double> bound = Collect<double>(ClockBoundMetrics.BoundInstrument);
        using MetricCollector<double> dataAge = Collect<double>(ClockBoundMetrics.DataAgeInstrument);
        using MetricCollector<int> status = Collect<int>(ClockBoundMetrics.StatusInstrument);
        bound.RecordObservableInstruments();
        dataAge.RecordObservableInstruments();
        status.RecordObservableInstruments();
        Assert.Equal(1, _clock.NowCallCount);

        _clock.BoundNanoseconds = 40_000;
        _clock.Advance(ClockBoundMetrics.ReadingLifetime);
        bound.RecordObservableInstruments();
        Assert.Equal(2, _clock.NowCallCount);
        Assert.Equal(40e-6, bound.LastMeasurement!.Value, 1e-15);
    }

    [Fact]
    public void AFailedReadingIsCountedOnceByKindAndReportedAsUnknown()
    {
        using MetricCollector<double> bound = Collect<double>(ClockBoundMetrics.BoundInstrument);
        using MetricCollector<int> status = Collect<int>(ClockBoundMetrics.StatusInstrument);
        using MetricCollector<long> errors = Collect<long>(ClockBoundMetrics.ReadErrorsInstrument);
        _clock.Error = new ClockBoundException(ClockBoundErrorKind.SegmentNotInitialized, "not yet");

        bound.RecordObservableInstruments();
        status.RecordObservableInstruments();
        Assert.Empty(bound.GetMeasurementSnapshot());
        Assert.Equal(1, StatusValue(status, "unknown"));
        Assert.Equal(0, StatusValue(status, "synchronized"));
        CollectedMeasurement<long> error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(1, error.Value);
        Assert.Equal("SegmentNotInitialized", error.Tags[ClockBoundMetrics.ErrorTypeTag]);

        _clock.Advance(ClockBoundMetrics.ReadingLifetime);
        bound.RecordObservableInstruments();
        Assert.Equal(2, errors.GetMeasurementSnapshot().EvaluateAsCounter());
    }
}
