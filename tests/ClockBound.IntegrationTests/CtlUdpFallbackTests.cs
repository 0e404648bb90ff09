using System.Globalization;
using System.Text.Json;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary>
/// <c>clockboundctl tracking/sources/status/doctor</c> as <c>nobody</c>, who may not enter chronyd's
/// socket directory: they ask chronyd's UDP command port instead, as chronyc does, and say so.
/// As root the socket is still what answers.
/// </summary>
public sealed class CtlUdpFallbackTests(UdpChronyd chrony) : IClassFixture<UdpChronyd>
{
    private string SocketDirectory => chrony.Harness.Client.Directory;

    [Fact]
    public void TrackingWorksForNobodyOverUdpWithChronydsValues()
    {
        ProcessResult result = AsNobody.Ctl("tracking", "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText, "--json");

        Assert.True(result.ExitCode == 0, $"{result}");
        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        JsonElement json = document.RootElement;
        Assert.Equal("udp", json.GetProperty("transport").GetString());
        Assert.Equal($"127.0.0.1:{chrony.Port}", json.GetProperty("chrony_server").GetString());
        Assert.Equal(
            $"cannot connect to chronyd's command socket {chrony.SocketPath}: permission denied: this user may not enter {SocketDirectory} (chronyd keeps it to root and its own user and group)",
            json.GetProperty("unix_socket_error").GetString());
        ChronycTracking chronyc = chrony.Harness.Client.GetChronycTracking();
        Assert.Equal(chronyc.RefId.ToString("X8", CultureInfo.InvariantCulture), json.GetProperty("ref_id_hex").GetString());
        Assert.Equal("7F000001", json.GetProperty("ref_id_hex").GetString());
        Assert.Equal(chronyc.Stratum, json.GetProperty("stratum").GetInt32());
        Assert.Equal("Normal", json.GetProperty("leap_status").GetString());
        Assert.True(json.GetProperty("root_delay_s").GetDouble() > 0);
    }

    [Fact]
    public void TrackingTextForNobodyIsChronycsLayoutWithANote()
    {
        ProcessResult result = AsNobody.Ctl("tracking", "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText);

        Assert.True(result.ExitCode == 0, $"{result}");
        Assert.StartsWith("Reference ID    : 7F000001 (127.0.0.1)\nStratum         : 2\n", result.StandardOutput);
        Assert.Equal(
            $"clockboundctl: note: asked chronyd over UDP at 127.0.0.1:{chrony.Port} (cannot connect to chronyd's command socket {chrony.SocketPath}: permission denied: this user may not enter {SocketDirectory} (chronyd keeps it to root and its own user and group))\n",
            result.StandardError);
    }

    [Fact]
    public void SourcesWorkForNobodyOverUdpLikeChronyc()
    {
        string[] expected = chrony.Harness.Client.RunChronycCsv("sources").Single();

        ProcessResult result = AsNobody.Ctl("sources", "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText);

        Assert.True(result.ExitCode == 0, $"{result}");
        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        string[] words = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected[0] + expected[1], words[0]);
        Assert.Equal(expected[2], words[1]);
        Assert.Equal(expected[3], words[2]);
        Assert.StartsWith($"clockboundctl: note: asked chronyd over UDP at 127.0.0.1:{chrony.Port} ", result.StandardError);

        ProcessResult json = AsNobody.Ctl("sources", "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText, "--json");
        using JsonDocument document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal("udp", document.RootElement.GetProperty("transport").GetString());
        JsonElement source = Assert.Single(document.RootElement.GetProperty("sources").EnumerateArray());
        Assert.Equal("127.0.0.1", source.GetProperty("address").GetString());
        Assert.Equal(int.Parse(expected[3], CultureInfo.InvariantCulture), source.GetProperty("stratum").GetInt32());
    }

    [Fact]
    public void AsRootTheSocketIsStillWhatAnswers()
    {
        ProcessResult tracking = CtlBinary.Run("tracking", "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText, "--json");
        ProcessResult sources = CtlBinary.Run("sources", "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText, "--json");

        foreach (ProcessResult result in (ProcessResult[])[tracking, sources])
        {
            Assert.True(result.ExitCode == 0, $"{result}");
            Assert.Equal("", result.StandardError);
            using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
            Assert.Equal("unix", document.RootElement.GetProperty("transport").GetString());
            Assert.Equal(chrony.SocketPath, document.RootElement.GetProperty("chrony_server").GetString());
            Assert.False(document.RootElement.TryGetProperty("unix_socket_error", out _));
        }
    }

    [Fact]
    public void StatusAndDoctorReachChronydOverUdpForNobody()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-udp-", CtlBinary.SegmentDirectoryMode);

        ProcessResult status = AsNobody.Ctl("status", "--shm-path", directory.Combine("shm0"), "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText);
        ProcessResult doctor = AsNobody.Ctl("doctor", "--shm-path", directory.Combine("shm0"), "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText,
            "--chrony-conf", chrony.Harness.Client.ConfigPath, "--daemon-user", "root");

        Assert.Contains($"chronyd:     reachable over UDP at 127.0.0.1:{chrony.Port} (cannot connect to chronyd's command socket {chrony.SocketPath}: permission denied", status.StandardOutput);
        Assert.Contains("leap status Normal, stratum 2, reference 7F000001 (127.0.0.1)\n", status.StandardOutput);
        Assert.Contains($"PASS  chronyd: answers over UDP at 127.0.0.1:{chrony.Port} (", doctor.StandardOutput);

        ProcessResult json = AsNobody.Ctl("status", "--shm-path", directory.Combine("shm0"), "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", chrony.PortText, "--json");
        using JsonDocument document = JsonDocument.Parse(json.StandardOutput);
        JsonElement chronyd = document.RootElement.GetProperty("chronyd");
        Assert.True(chronyd.GetProperty("reachable").GetBoolean());
        Assert.Equal("udp", chronyd.GetProperty("transport").GetString());
    }

    [Fact]
    public void WithoutUdpNobodyIsToldTheDirectoryAndTheFixNotAStaleSocket()
    {
        ProcessResult result = AsNobody.Ctl("tracking", "--chrony-socket", chrony.SocketPath, "--chrony-udp-port", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"clockboundctl: error: chronyd: cannot connect to chronyd's command socket {chrony.SocketPath}: permission denied: this user may not enter {SocketDirectory} (chronyd keeps it to root and its own user and group); "
            + "fix: run as root or as chronyd's user (_chrony on Debian/Ubuntu, chrony on RHEL/Amazon Linux); chronyd's group is enough only where its socket directory is group-writable (0770)\n",
            result.StandardError);
    }
}
