using ClockBound.Shm;
using static ClockBound.Client.Tests.Snapshots;

namespace ClockBound.Client.Tests;

/// <summary>
/// <see cref="ClockBoundNow.DataAge"/> and <see cref="ClockBoundClientOptions.MaxDataAge"/>: the
/// arithmetic as tables, then the option end to end on real segment files.
/// </summary>
[Collection(AddressSpaceCollection.Name)]
public sealed class DataAgeTests : IDisposable
{
    private const long AsOf = 100 * Second;
    private const long Real = 1_700_000_000 * Second;
    private const long Tick = 4_000_000; // CLOCK_MONOTONIC_COARSE at HZ=250

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClockErrorBound Snapshot(ClockStatus status, long voidAfter = AsOf + 1000 * Second) => new()
    {
        AsOfNanoseconds = AsOf,
        VoidAfterNanoseconds = voidAfter,
        BoundNanoseconds = 1_000,
        MaxDriftPpb = 50_000,
        Status = status,
    };

    [Theory]
    // mono − as_of plus one coarse tick (both ends lag by up to a tick), rounded up to 100 ns.
    [InlineData(0, 0, 0)]
    [InlineData(0, Tick, Tick / 100)]
    [InlineData(1, 0, 1)]
    [InlineData(101, 0, 2)]
    [InlineData(2 * Second, Tick, (2 * Second + Tick) / 100)]
    [InlineData(-1_000, Tick, Tick / 100)] // coarse-clock blur counts as no time elapsed
    public void DataAgeIsTheDriftIntervalRoundedUp(long monoMinusAsOf, long resolution, long expectedTicks)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(ClockStatus.Synchronized), Real, AsOf + monoMinusAsOf, false, resolution);
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), now.DataAge);
    }

    [Fact]
    public void DataAgeSaturatesInsteadOfWrapping()
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(ClockStatus.Unknown, voidAfter: long.MaxValue),
            Real, long.MaxValue, false, long.MaxValue);
        Assert.Equal(TimeSpan.FromTicks(long.MaxValue / 100 + 1), now.DataAge);
    }

    [Theory]
    // Beyond the limit: Unknown, whatever the grace or void_after would say.
    [InlineData(ClockStatus.Synchronized, 3 * Second, 3 * Second, ClockStatus.Synchronized)]
    [InlineData(ClockStatus.Synchronized, 3 * Second, 3 * Second + 1, ClockStatus.Unknown)]
    [InlineData(ClockStatus.FreeRunning, 10 * Second, 10 * Second, ClockStatus.FreeRunning)]
    [InlineData(ClockStatus.FreeRunning, 10 * Second, 10 * Second + 1, ClockStatus.Unknown)]
    [InlineData(ClockStatus.Synchronized, 10 * Second, 6 * Second, ClockStatus.FreeRunning)]
    // Disrupted is already unreliable, and says more than Unknown: it is kept.
    [InlineData(ClockStatus.Disrupted, 1 * Second, 10 * Second, ClockStatus.Disrupted)]
    [InlineData(ClockStatus.Unknown, 1 * Second, 10 * Second, ClockStatus.Unknown)]
    public void BeyondMaxDataAgeTheReadingIsUnknown(ClockStatus published, long maxDataAge, long monoMinusAsOf, ClockStatus expected)
    {
        ClockBoundNow now = NowCalculator.Compute(Snapshot(published), Real, AsOf + monoMinusAsOf, false, 0, maxDataAge);
        Assert.Equal(expected, now.Status);
    }

    [Fact]
    public void TheLimitCountsTheCoarseTick()
    {
        // 3 s − 1 tick + 1 ns elapsed, plus the tick: the data may be older than 3 s, so Unknown.
        ClockBoundNow now = NowCalculator.Compute(Snapshot(ClockStatus.Synchronized), Real, AsOf + 3 * Second - Tick + 1, false, Tick, 3 * Second);
        Assert.Equal(ClockStatus.Unknown, now.Status);
    }

    [Fact]
    public void ClientReportsTheSegmentsAge()
    {
        using SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), 2);
        writer.Write(Fresh(age: 2 * Second));
        using ClockBoundClient client = ClockBoundClient.Open(writer.Path);

        ClockBoundNow now = client.Now();

        // Written 2 s ago by the coarse clock; read at once, plus one tick (at most 10 ms).
        Assert.InRange(now.DataAge, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.Equal(ClockStatus.Synchronized, now.Status);
    }

    [Fact]
    public void ClientWithMaxDataAgeReportsOldDataAsUnknown()
    {
        using SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), 2);
        writer.Write(Fresh(age: 2 * Second));
        using ClockBoundClient strict = ClockBoundClient.Open(writer.Path, new ClockBoundClientOptions { MaxDataAge = TimeSpan.FromSeconds(1) });
        using ClockBoundClient lenient = ClockBoundClient.Open(writer.Path, new ClockBoundClientOptions { MaxDataAge = TimeSpan.FromSeconds(60) });
        using ClockBoundClient unlimited = ClockBoundClient.Open(writer.Path);

        Assert.Equal(ClockStatus.Unknown, strict.Now().Status);
        Assert.Equal(ClockStatus.Synchronized, lenient.Now().Status);
        Assert.Equal(ClockStatus.Synchronized, unlimited.Now().Status);

        // A fresh write makes the strict client's readings reliable again.
        writer.Write(Fresh());
        strict.ExpireCache();
        Assert.Equal(ClockStatus.Synchronized, strict.Now().Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxDataAgeMustBePositive(long ticks)
    {
        var options = new ClockBoundClientOptions { MaxDataAge = TimeSpan.FromTicks(ticks) };
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => ClockBoundClient.Open(_dir.File("shm0"), options));
        Assert.Contains("ClockBoundClientOptions.MaxDataAge must be positive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeMaxDataAgeIsNoLimit()
    {
        using SegmentWriter writer = SegmentWriter.Open(_dir.File("shm0"), 2);
        writer.Write(Fresh(age: 2 * Second));
        using ClockBoundClient client = ClockBoundClient.Open(writer.Path, new ClockBoundClientOptions { MaxDataAge = TimeSpan.MaxValue });
        Assert.Equal(ClockStatus.Synchronized, client.Now().Status);
    }
}
