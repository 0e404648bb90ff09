using System.Text.Json;
using ClockBound.TestSupport;

namespace ClockBound.IntegrationTests;

/// <summary><c>clockboundctl sources</c> against a real chronyd, field by field against <c>chronyc -c sources</c>.</summary>
public sealed class CtlSourcesTests(DaemonChronydPair chrony) : IClassFixture<DaemonChronydPair>
{
    [Fact]
    public void ListsTheSourcesChronycLists()
    {
        string[] expected = chrony.Harness.Client.RunChronycCsv("sources").Single(); // one server
        ProcessResult result = CtlBinary.Run("sources", "--chrony-socket", chrony.SocketPath);

        Assert.True(result.ExitCode == 0, $"{result}");
        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("MS Name/IP address         Stratum Poll Reach LastRx Last sample", lines[0].TrimEnd());
        string[] words = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // chronyc -c: mode, state, name, stratum, poll, reach, lastrx, offset, measured offset, error.
        Assert.Equal(expected[0] + expected[1], words[0]);
        Assert.Equal(expected[2], words[1]);
        Assert.Equal(expected[3], words[2]);
        Assert.Equal(expected[4], words[3]);

        ProcessResult json = CtlBinary.Run("sources", "--chrony-socket", chrony.SocketPath, "--json");
        using JsonDocument document = JsonDocument.Parse(json.StandardOutput);
        JsonElement source = Assert.Single(document.RootElement.GetProperty("sources").EnumerateArray());
        Assert.Equal("server", source.GetProperty("mode").GetString());
        Assert.Equal("127.0.0.1", source.GetProperty("address").GetString());
        Assert.Equal(int.Parse(expected[3], System.Globalization.CultureInfo.InvariantCulture), source.GetProperty("stratum").GetInt32());
    }

    [Fact]
    public void AnUnreachableChronydExits1NamingTheSocket()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-sources-");

        ProcessResult result = CtlBinary.Run("sources", "--chrony-socket", directory.Combine("chronyd.sock"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"clockboundctl: error: chronyd: cannot connect to chronyd's command socket {directory.Combine("chronyd.sock")}", result.StandardError);
    }
}
