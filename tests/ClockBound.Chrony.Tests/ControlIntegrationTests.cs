using System.Globalization;
using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>RESET_SOURCES and BURST against a real chronyd pair, with their effect made visible through chronyc.</summary>
public sealed class ControlIntegrationTests(SyncedChronyd chrony) : IClassFixture<SyncedChronyd>
{
    private ChronydInstance Client => chrony.Harness.Client;

    [Fact]
    public void ResetSourcesDropsEverySampleAndUnsynchronises()
    {
        chrony.Harness.WaitForSynchronized();
        WaitForSamples(atLeast: 6);
        int samplesBefore = SampleCount();
        using ChronyConnection connection = ChronyConnection.Open(chrony.Harness.ClientSocketPath);

        connection.ResetSources();
        TrackingReport afterReset = connection.GetTracking();
        int samplesAfter = SampleCount();

        // chronyd forgot its reference: unsynchronised, no reference id, root delay and dispersion 1 s.
        Assert.Equal((ushort)3, afterReset.LeapStatus);
        Assert.Equal(0u, afterReset.RefId);
        Assert.Equal(1.0, afterReset.RootDelay.ToDouble());
        Assert.True(samplesAfter < samplesBefore, $"samples: {samplesBefore} before the reset, {samplesAfter} after");

        chrony.Harness.WaitForSynchronized(); // it recovers from the server's next samples
    }

    [Fact]
    public void BurstPutsTheSourceIntoBurstMode()
    {
        using ChronyConnection connection = ChronyConnection.Open(chrony.Harness.ClientSocketPath);
        WaitForNoBurst(); // iburst at start-up, or another test's burst, may still be running

        // Many samples, so the burst is still running when chronyc looks (4 good take well under a second here).
        connection.Burst(20, 40);

        Assert.Equal(1, SourcesInBurst());
    }

    [Fact]
    public void BurstAsTheDaemonSendsItSucceeds()
    {
        using ChronyConnection connection = ChronyConnection.Open(chrony.Harness.ClientSocketPath);

        connection.Burst(4, 8);
    }

    // chronyc -c activity: online, offline, burst-online, burst-offline, unresolved.
    private int SourcesInBurst()
    {
        string[] activity = Assert.Single(Client.RunChronycCsv("activity"));
        return int.Parse(activity[2], CultureInfo.InvariantCulture);
    }

    // chronyc -c sourcestats: name, number of samples, runs, span, ...
    private int SampleCount()
    {
        string[] stats = Assert.Single(Client.RunChronycCsv("sourcestats"));
        return int.Parse(stats[1], CultureInfo.InvariantCulture);
    }

    private void WaitForNoBurst()
    {
        long deadline = Environment.TickCount64 + 30_000;
        while (SourcesInBurst() != 0)
        {
            Assert.True(Environment.TickCount64 < deadline, "chronyd's source stayed in burst mode for 30 s");
            Thread.Sleep(200);
        }
    }

    private void WaitForSamples(int atLeast)
    {
        long deadline = Environment.TickCount64 + 30_000;
        while (SampleCount() < atLeast)
        {
            Assert.True(Environment.TickCount64 < deadline, $"chronyd did not collect {atLeast} samples in 30 s");
            Thread.Sleep(200);
        }
    }
}
