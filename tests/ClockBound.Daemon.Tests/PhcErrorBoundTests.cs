using ClockBound.Chrony;
using ClockBound.Daemon.Tests.Fakes;

namespace ClockBound.Daemon.Tests;

/// <summary>The PHC error bound through a fake sysfs tree in a temporary directory.</summary>
public sealed class PhcErrorBoundTests : IDisposable
{
    private const uint Phc0 = 0x50484330;
    private const string Slot = "0000:00:05.0";
    private readonly string _root = Directory.CreateTempSubdirectory("cb-sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void WriteUevent(string content, string iface = "eth0")
    {
        string dir = Path.Combine(_root, "class", "net", iface, "device");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "uevent"), content);
    }

    private void WriteBound(string content, string slot = Slot)
    {
        string dir = Path.Combine(_root, "bus", "pci", "devices", slot);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "phc_error_bound"), content);
    }

    private static string Uevent(string slot = Slot) =>
        $"DRIVER=ena\nPCI_CLASS=20000\nPCI_ID=1D0F:EC20\nPCI_SUBSYS_ID=1D0F:EC20\nPCI_SLOT_NAME={slot}\nMODALIAS=pci:v00001D0Fd0000EC20\n";

    [Fact]
    public void ReadsTheBoundThroughThePciSlot()
    {
        WriteUevent(Uevent());
        WriteBound("  4250\n");
        Assert.Equal(4250, new SysfsPhcErrorBound(_root, "eth0").ReadErrorBoundNanoseconds());
    }

    [Fact]
    public void MatchingRefIdAddsExactlyTheValue()
    {
        WriteUevent(Uevent());
        WriteBound("4250\n");
        var evaluator = new TrackingSampleEvaluator(Phc0, new SysfsPhcErrorBound(_root, "eth0"));
        TrackingReport report = Reports.Synchronized(refId: Phc0);
        Assert.True(evaluator.Evaluate(report, Reports.RealtimeStart, out TrackingSample sample, out string? error) == SampleFailure.None, error);
        Assert.Equal(new TrackingSample(ChronyClockStatus.Synchronized, Reports.DefaultBoundNanoseconds + 4250), sample);
    }

    [Fact]
    public void NonMatchingRefIdAddsNothingAndReadsNothing()
    {
        // No sysfs files at all: a read would fail the sample.
        var evaluator = new TrackingSampleEvaluator(Phc0, new SysfsPhcErrorBound(_root, "eth0"));
        TrackingReport report = Reports.Synchronized(refId: 0x7F000001);
        Assert.True(evaluator.Evaluate(report, Reports.RealtimeStart, out TrackingSample sample, out string? error) == SampleFailure.None, error);
        Assert.Equal(Reports.DefaultBoundNanoseconds, sample.BoundNanoseconds);
    }

    [Fact]
    public void UnsynchronisedReportDoesNotNeedThePhc()
    {
        var evaluator = new TrackingSampleEvaluator(Phc0, new SysfsPhcErrorBound(_root, "eth0"));
        TrackingReport report = Reports.Synchronized(refId: Phc0, leapStatus: 3);
        Assert.Equal(SampleFailure.None, evaluator.Evaluate(report, Reports.RealtimeStart, out TrackingSample sample, out _));
        Assert.Equal(ChronyClockStatus.FreeRunning, sample.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("12.5")]
    [InlineData("99999999999999999999")]
    public void UnparsableBoundFailsTheSample(string content)
    {
        WriteUevent(Uevent());
        WriteBound(content);
        var evaluator = new TrackingSampleEvaluator(Phc0, new SysfsPhcErrorBound(_root, "eth0"));
        Assert.Equal(SampleFailure.PhcBoundUnavailable, evaluator.Evaluate(Reports.Synchronized(refId: Phc0), Reports.RealtimeStart, out _, out string? error));
        Assert.Contains("phc_error_bound", error, StringComparison.Ordinal);
        Assert.Contains("does not hold a decimal number", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingUeventFailsTheSample()
    {
        var evaluator = new TrackingSampleEvaluator(Phc0, new SysfsPhcErrorBound(_root, "eth0"));
        Assert.Equal(SampleFailure.PhcBoundUnavailable, evaluator.Evaluate(Reports.Synchronized(refId: Phc0), Reports.RealtimeStart, out _, out string? error));
        Assert.Contains("uevent", error, StringComparison.Ordinal);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBoundFileFailsTheSample()
    {
        WriteUevent(Uevent());
        var exception = Assert.Throws<PhcErrorBoundException>(() => new SysfsPhcErrorBound(_root, "eth0").ReadErrorBoundNanoseconds());
        Assert.Contains(Path.Combine("devices", Slot, "phc_error_bound"), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UeventWithoutPciSlotFails()
    {
        WriteUevent("DRIVER=ena\nINTERFACE=eth0\n");
        var exception = Assert.Throws<PhcErrorBoundException>(() => new SysfsPhcErrorBound(_root, "eth0").ReadErrorBoundNanoseconds());
        Assert.Contains("PCI_SLOT_NAME", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PCI_SLOT_NAME=../../../etc")]
    [InlineData("PCI_SLOT_NAME=")]
    [InlineData("PCI_SLOT_NAME=..")]
    public void SlotNamesThatWouldLeaveTheDeviceDirectoryAreRefused(string line)
    {
        Assert.Null(PhcSysfsFormat.ParsePciSlotName($"DRIVER=ena\n{line}\n"));
    }

    [Fact]
    public void SlotNameParsingToleratesCarriageReturnsAndSpaces()
    {
        Assert.Equal(Slot, PhcSysfsFormat.ParsePciSlotName($"DRIVER=ena\r\nPCI_SLOT_NAME= {Slot} \r\n"));
    }

    [Fact]
    public void AFifoAsTheBoundFileFailsTheSampleAtOnceInsteadOfBlocking()
    {
        WriteUevent(Uevent());
        string dir = Path.Combine(_root, "bus", "pci", "devices", Slot);
        Directory.CreateDirectory(dir);
        string fifo = Path.Combine(dir, "phc_error_bound");
        MakeFifo(fifo);

        // A blocking open of a FIFO with no writer never returns: run it where a hang cannot stall the suite.
        Exception? thrown = null;
        var reader = new Thread(() =>
        {
            try
            {
                new SysfsPhcErrorBound(_root, "eth0").ReadErrorBoundNanoseconds();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        })
        { IsBackground = true };
        reader.Start();
        Assert.True(reader.Join(TimeSpan.FromSeconds(10)), "reading a FIFO as the PHC bound file blocked");
        PhcErrorBoundException exception = Assert.IsType<PhcErrorBoundException>(thrown);
        Assert.Contains(fifo, exception.Message, StringComparison.Ordinal);
        Assert.Contains("is a FIFO (named pipe), not a regular file", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryAsTheUeventFileIsRefusedNamingWhatItIs()
    {
        Directory.CreateDirectory(Path.Combine(_root, "class", "net", "eth0", "device", "uevent"));
        var exception = Assert.Throws<PhcErrorBoundException>(() => new SysfsPhcErrorBound(_root, "eth0").ReadErrorBoundNanoseconds());
        Assert.Contains("uevent", exception.Message, StringComparison.Ordinal);
        Assert.Contains("cannot read", exception.Message, StringComparison.Ordinal);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
