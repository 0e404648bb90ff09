using ClockBound.Shm;

namespace ClockBound.Shm.Tests;

public sealed class SegmentRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-shm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void WrittenValueIsReadBack(int version)
    {
        string path = Path.Combine(_dir, "seg");
        var value = new ClockErrorBound
        {
            AsOfNanoseconds = 5_000_000_123,
            VoidAfterNanoseconds = 1_005_000_000_123,
            BoundNanoseconds = 42_000,
            MaxDriftPpb = 50_000,
            Status = ClockStatus.Synchronized,
            DisruptionMarker = version == 2 ? 7UL : 0,
            DisruptionSupportEnabled = version == 2,
        };
        using (SegmentWriter writer = SegmentWriter.Open(path, version))
        {
            Assert.False(writer.IsWarmRestart);
            writer.Write(value);
            Assert.Equal(2, writer.Generation);
        }
        using SegmentReader reader = SegmentReader.Open(path);
        Assert.Equal(version, reader.Version);
        Assert.Equal(value, reader.Read());
        Assert.Equal(SegmentLayout.SizeOf(version), new FileInfo(path).Length);
    }
}
