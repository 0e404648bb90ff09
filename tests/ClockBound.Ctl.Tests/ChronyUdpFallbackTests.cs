using System.Text.Json;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

/// <summary><c>tracking</c> and <c>sources</c> fall back to chronyd's UDP port when the socket cannot be used, and say so.</summary>
public sealed class ChronyUdpFallbackTests(UdpChronyd chrony) : IClassFixture<UdpChronyd>
{
    private string Port => chrony.PortText;

    private string Missing => Path.Combine(chrony.Harness.Client.Directory, "elsewhere.sock");

    [Fact]
    public void TrackingJsonSaysItCameOverUdpAndWhy()
    {
        CtlResult result = Ctl.Run("tracking", "--chrony-socket", Missing, "--chrony-udp-port", Port, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.Equal("udp", json.RootElement.GetProperty("transport").GetString());
        Assert.Equal($"127.0.0.1:{Port}", json.RootElement.GetProperty("chrony_server").GetString());
        Assert.Equal(Missing, json.RootElement.GetProperty("chrony_socket").GetString());
        Assert.StartsWith($"cannot connect to chronyd's command socket {Missing}: no such socket", json.RootElement.GetProperty("unix_socket_error").GetString());
        Assert.Equal("7F000001", json.RootElement.GetProperty("ref_id_hex").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("stratum").GetInt32());
    }

    [Fact]
    public void TrackingTextKeepsChronycsLayoutWithANoteOnStderr()
    {
        CtlResult result = Ctl.Run("tracking", "--chrony-socket", Missing, "--chrony-udp-port", Port);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("Reference ID    : 7F000001 (127.0.0.1)\n", result.Output);
        Assert.StartsWith($"clockboundctl: note: asked chronyd over UDP at 127.0.0.1:{Port} (cannot connect to chronyd's command socket {Missing}", result.Error);
    }

    [Fact]
    public void OverTheSocketNothingChangesButTheJsonTransport()
    {
        CtlResult result = Ctl.Run("sources", "--chrony-socket", chrony.Harness.ClientSocketPath, "--chrony-udp-port", Port, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.Equal("unix", json.RootElement.GetProperty("transport").GetString());
        Assert.Equal(chrony.Harness.ClientSocketPath, json.RootElement.GetProperty("chrony_server").GetString());
        Assert.False(json.RootElement.TryGetProperty("unix_socket_error", out _));
    }

    [Fact]
    public void SourcesOverUdpListTheServer()
    {
        CtlResult result = Ctl.Run("sources", "--chrony-socket", Missing, "--chrony-udp-port", Port, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.Equal("udp", json.RootElement.GetProperty("transport").GetString());
        JsonElement source = Assert.Single(json.RootElement.GetProperty("sources").EnumerateArray());
        Assert.Equal("127.0.0.1", source.GetProperty("address").GetString());
    }

    [Fact]
    public void WhenNeitherAnswersTheErrorNamesBothAndTheFix()
    {
        string closed = LoopbackPorts.ReserveUdp().ToString(System.Globalization.CultureInfo.InvariantCulture);

        CtlResult result = Ctl.Run("tracking", "--chrony-socket", Missing, "--chrony-udp-port", closed);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"clockboundctl: error: chronyd: cannot connect to chronyd's command socket {Missing}: no such socket", result.Error);
        Assert.Contains($"over UDP too: 127.0.0.1:{closed}: nothing listens on 127.0.0.1:{closed}", result.Error);
        Assert.Contains("; fix: start chronyd, or pass --chrony-socket PATH", result.Error);
        Assert.Contains("--chrony-udp-port PORT", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
