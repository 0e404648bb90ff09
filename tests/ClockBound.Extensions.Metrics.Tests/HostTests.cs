using System.Diagnostics.Metrics;
using ClockBound.Extensions.DependencyInjection.Tests;
using ClockBound.Extensions.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClockBound.Extensions.Metrics.Tests;

/// <summary>A real host with AddClockBound and AddClockBoundMetrics, read back with a MeterListener, on real segment files.</summary>
public sealed class HostTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TheHostsMeterReportsTheSegmentAndTheMissingFile()
    {
        string path = _dir.File("shm0");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("ClockBound:SegmentPath", path)]);
        builder.AddClockBound();
        builder.Services.AddClockBoundMetrics();
        using IHost host = builder.Build();
        await host.StartAsync();
        IMeterFactory factory = host.Services.GetRequiredService<IMeterFactory>();

        var measured = new List<(string Instrument, double Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other tests' meters share the process.
            if (instrument.Meter.Name == ClockBoundMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured.Add((i.Name, v, null)));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => measured.Add((i.Name, v, (string?)tags[0].Value)));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured.Add((i.Name, v, (string?)tags[0].Value)));
        listener.Start();

        // No segment yet: the host runs, the status is unknown and the error counted by kind.
        listener.RecordObservableInstruments();
        Assert.Contains((ClockBoundMetrics.StatusInstrument, 1.0, "unknown"), measured);
        Assert.Contains((ClockBoundMetrics.ReadErrorsInstrument, 1.0, "SystemCallFailed"), measured);
        Assert.DoesNotContain(measured, m => m.Instrument == ClockBoundMetrics.BoundInstrument);

        using Shm.SegmentWriter writer = Segments.Publish(path, boundNanoseconds: 7_000);
        var synchronized = (ClockBoundMetrics.StatusInstrument, 1.0, "synchronized");
        Eventually.Satisfies(
            () =>
            {
                measured.Clear();
                listener.RecordObservableInstruments();
                return measured.ToList();
            },
            m => m.Contains(synchronized),
            TimeSpan.FromSeconds(5),
            "the meter reports Synchronized once the segment is published");
        double bound = Assert.Single(measured, m => m.Instrument == ClockBoundMetrics.BoundInstrument).Value;
        Assert.InRange(bound, 7e-6, 7e-6 + 1e-3);
        double dataAge = Assert.Single(measured, m => m.Instrument == ClockBoundMetrics.DataAgeInstrument).Value;
        Assert.InRange(dataAge, 0, 5);

        await host.StopAsync();
    }
}
