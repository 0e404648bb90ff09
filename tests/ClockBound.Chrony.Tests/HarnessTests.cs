using ClockBound.TestSupport;

namespace ClockBound.Chrony.Tests;

/// <summary>The real-chronyd test harness other test projects build on.</summary>
public sealed class HarnessTests
{
    [Fact]
    public void MissingProgramFailsWithTheInstallCommand()
    {
        using TempDirectory empty = TempDirectory.Create("clockbound-empty-");

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => ChronyTools.Find("chronyd", [empty.Path]));

        Assert.Equal("chronyd not found: run scripts/install-deps.sh", e.Message);
    }

    [Fact]
    public void ChronyIsInstalled()
    {
        Assert.True(File.Exists(ChronyTools.Chronyd));
        Assert.True(File.Exists(ChronyTools.Chronyc));
    }

    [Fact]
    public void ParsesChronycTrackingCsv()
    {
        ChronycTracking t = ChronycTracking.Parse(
            "7F000001,127.0.0.1,2,1795628585.226346121,-0.000003190,0.000000075,0.000000380,-0.078,0.002,0.523,0.000009228,0.000029100,0.5,Normal\n");

        Assert.Equal(0x7F000001u, t.RefId);
        Assert.Equal("127.0.0.1", t.ReferenceName);
        Assert.Equal(2, t.Stratum);
        Assert.Equal(1795628585L, t.RefTimeSeconds);
        Assert.Equal(226346121u, t.RefTimeNanoseconds);
        Assert.Equal(-0.000003190, t.SystemTime);
        Assert.Equal(0.000000075, t.LastOffset);
        Assert.Equal(0.000000380, t.RmsOffset);
        Assert.Equal(-0.078, t.FrequencyPpm);
        Assert.Equal(0.002, t.ResidualFrequencyPpm);
        Assert.Equal(0.523, t.SkewPpm);
        Assert.Equal(0.000009228, t.RootDelay);
        Assert.Equal(0.000029100, t.RootDispersion);
        Assert.Equal(0.5, t.UpdateInterval);
        Assert.Equal(0, t.LeapStatusCode);
        Assert.Equal(3, (t with { LeapStatus = "Not synchronised" }).LeapStatusCode);
        Assert.Throws<FormatException>(() => ChronycTracking.Parse("7F000001,127.0.0.1,2"));
    }

    [Fact]
    public void ClientWithoutServerTakesExtraConfigWithADirectoryPlaceholder()
    {
        using ChronydHarness harness = ChronydHarness.Start(new ChronydHarnessOptions
        {
            WithNtpServer = false,
            ClientConfig = ["refclock SOCK {dir}/phc.sock refid PHC0 poll -2"],
        });

        Assert.Null(harness.Server);
        Assert.Null(harness.ServerPort);
        Assert.Contains($"refclock SOCK {harness.Client.Directory}/phc.sock refid PHC0 poll -2", harness.Client.ConfigLines);
        string[] source = Assert.Single(harness.Client.RunChronycCsv("sources"));
        Assert.Equal("#", source[0]); // a reference clock
        Assert.Equal("PHC0", source[2]);
        Assert.True(File.Exists(Path.Combine(harness.Client.Directory, "phc.sock")), "chronyd bound the refclock socket");
        Assert.Equal(3, harness.Client.GetChronycTracking().LeapStatusCode); // no samples yet
    }

    [Fact]
    public void StopStartKillAndDispose()
    {
        ChronydHarness harness = ChronydHarness.Start(new ChronydHarnessOptions { WithNtpServer = false });
        ChronydInstance chronyd = harness.Client;
        int firstPid = chronyd.Pid ?? throw new InvalidOperationException("no pid");
        Assert.True(chronyd.IsRunning);
        Assert.Equal(Path.Combine(chronyd.Directory, "chronyd.sock"), harness.ClientSocketPath);
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(chronyd.Directory));

        chronyd.Stop();
        Assert.False(chronyd.IsRunning);
        Assert.Null(chronyd.Pid);
        Assert.False(File.Exists(chronyd.SocketPath)); // a clean exit removes the socket

        chronyd.Start();
        Assert.True(chronyd.IsRunning);
        Assert.NotEqual(firstPid, chronyd.Pid);
        Assert.Equal(0, chronyd.RunChronyc("tracking").ExitCode);

        chronyd.Kill();
        Assert.False(chronyd.IsRunning);
        Assert.True(File.Exists(chronyd.PidFilePath)); // a crash leaves its files
        chronyd.Start();
        int lastPid = chronyd.Pid ?? throw new InvalidOperationException("no pid");

        string directory = chronyd.Directory;
        harness.Dispose();

        Assert.False(Signals.IsAlive(lastPid));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void ServersOfParallelHarnessesGetDistinctPorts()
    {
        (ChronydInstance first, int firstPort) = ChronydHarness.StartServer();
        using (first)
        {
            (ChronydInstance second, int secondPort) = ChronydHarness.StartServer();
            using (second)
            {
                Assert.NotEqual(firstPort, secondPort);
                Assert.Contains($"port {firstPort}", first.ConfigLines);
                Assert.DoesNotContain("Could not open NTP socket", first.ReadLog() + second.ReadLog());
            }
        }
    }
}
