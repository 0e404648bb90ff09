using ClockBound.Daemon.Tests.Fakes;

namespace ClockBound.Daemon.Tests;

public sealed class DisruptionSupportSetupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-vmclock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DisruptionSupportSetup.Result Open(DaemonOptions options) =>
        DisruptionSupportSetup.Open(options, DisruptionSupportSetup.OpenVMClock, Path.Exists);

    [Fact]
    public void DisabledByFlagOpensNothing()
    {
        DisruptionSupportSetup.Result result = DisruptionSupportSetup.Open(
            new DaemonOptions { DisableClockDisruptionSupport = true, VMClockPath = "/nonexistent", VMClockPathGiven = true },
            _ => throw new InvalidOperationException("must not open"),
            _ => throw new InvalidOperationException("must not probe"));
        Assert.Equal(new DisruptionSupportSetup.Result(null, null, null), result);
    }

    [Fact]
    public void MissingDefaultDeviceWarnsAndRunsWithoutSupport()
    {
        DisruptionSupportSetup.Result result = Open(new DaemonOptions { VMClockPath = Path.Combine(_dir, "vmclock0"), VMClockPathGiven = false });
        Assert.Null(result.Source);
        Assert.Null(result.Error);
        Assert.Contains("WITHOUT clock disruption support", result.Warning, StringComparison.Ordinal);
        Assert.Contains("-d/--disable-clock-disruption-support", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingExplicitDeviceIsFatalAndNamesThePathAndTheFlag()
    {
        string path = Path.Combine(_dir, "vmclock0");
        DisruptionSupportSetup.Result result = Open(new DaemonOptions { VMClockPath = path, VMClockPathGiven = true });
        Assert.Null(result.Source);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.Contains("--vmclock-path", result.Error, StringComparison.Ordinal);
        Assert.Contains("-d/--disable-clock-disruption-support", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultDeviceThatExistsButIsNotAVMClockIsFatal()
    {
        string path = Path.Combine(_dir, "vmclock0");
        VMClockFile.Write(path, marker: 1, magic: 0xDEADBEEF);
        DisruptionSupportSetup.Result result = Open(new DaemonOptions { VMClockPath = path, VMClockPathGiven = false });
        Assert.Null(result.Source);
        Assert.Contains("magic", result.Error, StringComparison.Ordinal);
        Assert.Contains("-d/--disable-clock-disruption-support", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidDeviceEnablesSupportAndItsMarkerIsFollowed()
    {
        string path = Path.Combine(_dir, "vmclock0");
        VMClockFile.Write(path, marker: 41);
        DisruptionSupportSetup.Result result = Open(new DaemonOptions { VMClockPath = path, VMClockPathGiven = true });
        Assert.Null(result.Error);
        Assert.Null(result.Warning);
        IDisruptionMarkerSource source = Assert.IsAssignableFrom<IDisruptionMarkerSource>(result.Source);
        try
        {
            Assert.Equal(41UL, source.ReadMarker());
            VMClockFile.SetMarker(path, 42);
            Assert.Equal(42UL, source.ReadMarker());
            Assert.Equal(path, source.Description);
        }
        finally
        {
            ((IDisposable)source).Dispose();
        }
    }
}
