using System.Text.Json;
using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>The daemon's image with podman, against a real chronyd on the host.</summary>
[Collection(PodmanCollection.Name)]
public sealed class DaemonContainerTests : IClassFixture<ChronydAsChronyUser>
{
    private readonly ContainerImage _image;
    private readonly ChronydAsChronyUser _chronyd;

    public DaemonContainerTests(ContainerImage image, ChronydAsChronyUser chronyd)
    {
        _image = image;
        _chronyd = chronyd;
    }

    [Fact]
    public void ASecondContainerReadsSynchronizedFromTheVolumeReadOnly()
    {
        using TempDirectory segments = SegmentDirectory.OwnedByChronyUser();
        using DaemonContainer daemon = DaemonContainer.Start(_image.Reference, _chronyd.Directory, segments.Path);

        ProcessResult reader = Readers.ReadNow(_image.Reference, segments.Path);

        Assert.True(reader.ExitCode == 0, $"reader exited {reader.ExitCode}: {reader.StandardOutput}{reader.StandardError}\ndaemon:\n{daemon.Logs()}");
        string json = reader.StandardOutput.Trim().Split('\n')[^1];
        using JsonDocument now = JsonDocument.Parse(json);
        Assert.Equal("Synchronized", now.RootElement.GetProperty("status").GetString());
        Assert.InRange(now.RootElement.GetProperty("bound_ns").GetInt64(), 1, 1_000_000_000);
        // The daemon ran as chronyd's user and made its files there, world-readable.
        ProcessResult owner = ProcessRunner.Run("stat", ["-c", "%u:%g", segments.Combine("shm0")]).ThrowIfFailed("stat shm0");
        Assert.Equal(ChronyUser.Host.Ids, owner.StandardOutput.Trim());
        var shm0 = new FileInfo(segments.Combine("shm0"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, shm0.UnixFileMode);
        // The reader saw Synchronized, so the daemon has logged it; podman's log of the container
        // can lag behind the segment, so wait for the line.
        Eventually.Satisfies(daemon.Logs, l => l.Contains("-> Synchronized (chrony Synchronized", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the daemon's Synchronized line in podman logs");
    }
}
