using System.Globalization;
using System.Text.Json;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

/// <summary><c>clockboundctl tracking</c> against a real chronyd, checked against chronyc's own decoding of the same state.</summary>
public sealed class TrackingCommandTests(SyncedChronyd chrony) : IClassFixture<SyncedChronyd>
{
    // chronyc prints seconds with 9 decimals, ppm with 3, the update interval with 1: half a unit
    // in the last place, plus a little for the double it parses into.
    private const double SecondsTolerance = 0.5e-9 + 1e-15;
    private const double PpmTolerance = 0.5e-3 + 1e-12;
    private const double IntervalTolerance = 0.05 + 1e-12;
    private const int Attempts = 30;

    private ChronydInstance Client => chrony.Harness.Client;

    [Fact]
    public void JsonFieldsEqualChronycCsv()
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            // chronyd may update its clock between the three reads: compare only when chronyc saw
            // the same update before and after ours. Root dispersion and the current correction
            // move even between updates, so ours must lie between chronyc's two readings.
            ChronycTracking before = Client.GetChronycTracking();
            CtlResult result = Ctl.Run("tracking", "--chrony-socket", Client.SocketPath, "--json");
            ChronycTracking after = Client.GetChronycTracking();
            Assert.True(result.ExitCode == 0, result.ToString());
            if (before.RefTimeSeconds != after.RefTimeSeconds || before.RefTimeNanoseconds != after.RefTimeNanoseconds)
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(result.Output);
            JsonElement json = document.RootElement;
            Assert.Equal(Client.SocketPath, json.GetProperty("chrony_socket").GetString());
            Assert.Equal(before.RefId, json.GetProperty("ref_id").GetUInt32());
            Assert.Equal(before.RefId.ToString("X8", CultureInfo.InvariantCulture), json.GetProperty("ref_id_hex").GetString());
            Assert.Equal(before.ReferenceName, json.GetProperty("reference_name").GetString());
            Assert.Equal("127.0.0.1", json.GetProperty("address").GetString());
            Assert.Equal(before.Stratum, json.GetProperty("stratum").GetInt32());
            Assert.Equal(before.LeapStatusCode, json.GetProperty("leap_status_code").GetInt32());
            Assert.Equal(before.LeapStatus, json.GetProperty("leap_status").GetString());
            Assert.Equal(before.RefTimeSeconds, json.GetProperty("ref_time_seconds").GetInt64());
            Assert.Equal(before.RefTimeNanoseconds, json.GetProperty("ref_time_nanoseconds").GetUInt32());
            AssertBetween(before.SystemTime, after.SystemTime, json, "current_correction_s", SecondsTolerance);
            AssertBetween(before.LastOffset, after.LastOffset, json, "last_offset_s", SecondsTolerance);
            AssertBetween(before.RmsOffset, after.RmsOffset, json, "rms_offset_s", SecondsTolerance);
            AssertBetween(before.FrequencyPpm, after.FrequencyPpm, json, "frequency_ppm", PpmTolerance);
            AssertBetween(before.ResidualFrequencyPpm, after.ResidualFrequencyPpm, json, "residual_frequency_ppm", PpmTolerance);
            AssertBetween(before.SkewPpm, after.SkewPpm, json, "skew_ppm", PpmTolerance);
            AssertBetween(before.RootDelay, after.RootDelay, json, "root_delay_s", SecondsTolerance);
            AssertBetween(before.RootDispersion, after.RootDispersion, json, "root_dispersion_s", SecondsTolerance);
            AssertBetween(before.UpdateInterval, after.UpdateInterval, json, "update_interval_s", IntervalTolerance);

            // The daemon's formula on the very values we printed, rounded up once.
            double exact = (json.GetProperty("root_delay_s").GetDouble() / 2 + json.GetProperty("root_dispersion_s").GetDouble()
                + Math.Abs(json.GetProperty("current_correction_s").GetDouble())) * 1e9;
            long bound = json.GetProperty("bound_ns").GetInt64();
            Assert.InRange(bound, (long)Math.Ceiling(exact) - 1, (long)Math.Ceiling(exact) + 1);
            Assert.True(bound >= exact - 1e-6, $"bound {bound} ns is below the exact sum {exact:R} ns");
            Assert.Equal(JsonValueKind.Null, json.GetProperty("bound_error").ValueKind);
            return;
        }

        Assert.Fail($"chronyd updated its clock during every one of {Attempts} attempts");
    }

    [Fact]
    public void TextEqualsChronycTrackingLineForLine()
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            string[] before = ChronycText();
            CtlResult result = Ctl.Run("tracking", "--chrony-socket", Client.SocketPath);
            string[] after = ChronycText();
            Assert.True(result.ExitCode == 0, result.ToString());
            if (Line(before, "Ref time (UTC)") != Line(after, "Ref time (UTC)") || Line(before, "Last offset") != Line(after, "Last offset"))
            {
                continue; // an update in between
            }

            string[] ours = result.OutputLines;
            Assert.Equal(before.Length + 1, ours.Length);
            for (int i = 0; i < before.Length; i++)
            {
                string label = before[i][..16];
                Assert.Equal(label, ours[i][..16]);
                if (label.StartsWith("System time", StringComparison.Ordinal) || label.StartsWith("Root dispersion", StringComparison.Ordinal))
                {
                    // These move between updates: ours is chronyc's before or after, or in between.
                    double low = Math.Min(SignedSeconds(before[i]), SignedSeconds(after[i]));
                    double high = Math.Max(SignedSeconds(before[i]), SignedSeconds(after[i]));
                    Assert.InRange(SignedSeconds(ours[i]), low, high);
                    continue;
                }
                Assert.Equal(before[i], ours[i]);
            }
            Assert.Matches(@"^Error bound     : \d+\.\d{9} seconds \(root delay / 2 \+ root dispersion \+ \|system time\|\)$", ours[^1]);
            return;
        }

        Assert.Fail($"chronyd updated its clock during every one of {Attempts} attempts");
    }

    [Fact]
    public void ClientSocketDirectoryCanBeChosenAndIsLeftClean()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-client-");

        CtlResult result = Ctl.Run("tracking", "--chrony-socket", Client.SocketPath, "--client-socket-dir", directory.Path, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument document = JsonDocument.Parse(result.Output);
        Assert.Equal(2, document.RootElement.GetProperty("stratum").GetInt32());
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path)); // our socket was removed
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Client.Directory), p => Path.GetFileName(p).StartsWith("clockboundctl.", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingSocketIsAnError()
    {
        string missing = Path.Combine(Client.Directory, "missing.sock");

        CtlResult result = Ctl.Run("tracking", "--chrony-socket", missing, "--chrony-udp-port", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal(
            $"clockboundctl: error: chronyd: cannot connect to chronyd's command socket {missing}: no such socket (is chronyd running, with this bindcmdaddress?); fix: start chronyd, or pass --chrony-socket PATH with chronyd's bindcmdaddress\n",
            result.Error);
    }

    [Fact]
    public void MissingClientSocketDirectoryIsNamed()
    {
        CtlResult result = Ctl.Run("tracking", "--chrony-socket", Client.SocketPath, "--client-socket-dir", "/nonexistent-clockboundctl");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("clockboundctl: error: --client-socket-dir /nonexistent-clockboundctl: no such directory\n", result.Error);
    }

    [Fact]
    public void SocketPathTooLongIsOneLine()
    {
        string path = "/tmp/" + new string('x', 120) + ".sock";

        CtlResult result = Ctl.Run("tracking", "--chrony-socket", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"clockboundctl: error: chronyd: cannot use {path} as chronyd's command socket: ", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void SilentChronydTimesOut()
    {
        Client.Pause();
        CtlResult result;
        try
        {
            result = Ctl.Run("tracking", "--chrony-socket", Client.SocketPath, "--timeout-ms", "200");
        }
        finally
        {
            Client.Resume();
        }

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"clockboundctl: error: chronyd: no reply from chronyd at {Client.SocketPath} within 0.2 s (TRACKING request)\n",
            result.Error);
    }

    [Fact]
    public void RealProcessPrintsTheReport()
    {
        using CtlProcess process = CtlProcess.Start("tracking", "--chrony-socket", Client.SocketPath);

        Assert.Equal(0, process.WaitForExit(TimeSpan.FromSeconds(60)));
        IReadOnlyList<string> lines = process.Output.Lines;
        Assert.Equal(14, lines.Count);
        Assert.Equal("Reference ID    : 7F000001 (127.0.0.1)", lines[0]);
        Assert.Equal("Stratum         : 2", lines[1]);
        Assert.Equal("Leap status     : Normal", lines[12]);
        Assert.StartsWith("Error bound     : ", lines[13]);
    }

    private string[] ChronycText()
    {
        ProcessResult result = Client.RunChronyc("-n", "tracking").ThrowIfFailed("chronyc -n tracking");
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Line(string[] lines, string label) => lines.Single(l => l.StartsWith(label, StringComparison.Ordinal));

    /// <summary>The seconds on a "System time" line (signed as on the wire: slow positive, fast negative) or a "Root dispersion" line.</summary>
    private static double SignedSeconds(string line)
    {
        string[] words = line[18..].Split(' ');
        double value = double.Parse(words[0], CultureInfo.InvariantCulture);
        return line.Contains(" fast of NTP time", StringComparison.Ordinal) ? -value : value;
    }

    private static void AssertBetween(double first, double second, JsonElement json, string key, double tolerance)
    {
        double ours = json.GetProperty(key).GetDouble();
        double low = Math.Min(first, second) - tolerance;
        double high = Math.Max(first, second) + tolerance;
        Assert.True(ours >= low && ours <= high, $"{key}: ours {ours:R}, chronyc printed {first:R} before and {second:R} after");
    }
}
