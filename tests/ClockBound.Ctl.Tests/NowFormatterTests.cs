using System.Text.Json;

namespace ClockBound.Ctl.Tests;

public sealed class NowFormatterTests
{
    private const long Real = 1_715_000_000_123_500_000; // 2024-05-06T12:53:20.1235Z

    private static ClockBoundNow Reading(ClockStatus status, long bound = 100_000) =>
        new(UnixInstant.FromUnixTimeNanoseconds(Real - bound), UnixInstant.FromUnixTimeNanoseconds(Real + bound), bound, status);

    [Fact]
    public void TextShowsBothEndsTwiceTheBoundTheStatusAndTheSegment()
    {
        string text = NowFormatter.FormatText(Reading(ClockStatus.Synchronized), "/var/run/clockbound/shm0", 2);

        Assert.Equal(
            """
            earliest: 2024-05-06T12:53:20.123400000Z (1715000000123400000 ns since the epoch)
            latest:   2024-05-06T12:53:20.123600000Z (1715000000123600000 ns since the epoch)
            bound:    100000 ns (100.000 us)
            status:   Synchronized
            segment:  /var/run/clockbound/shm0 (version 2)

            """.Replace("\r\n", "\n"),
            text);
    }

    [Theory]
    [InlineData(ClockStatus.Synchronized, "Synchronized")]
    [InlineData(ClockStatus.FreeRunning, "FreeRunning")]
    [InlineData(ClockStatus.Unknown, "Unknown (the interval is NOT guaranteed to contain true time)")]
    [InlineData(ClockStatus.Disrupted, "Disrupted (the interval is NOT guaranteed to contain true time)")]
    public void TextWarnsWhenTheIntervalDoesNotHold(ClockStatus status, string expected)
    {
        string text = NowFormatter.FormatText(Reading(status), "/s", 1);

        Assert.Contains($"\nstatus:   {expected}\n", text);
    }

    [Theory]
    [InlineData(ClockStatus.Unknown, "Unknown", false)]
    [InlineData(ClockStatus.Synchronized, "Synchronized", true)]
    [InlineData(ClockStatus.FreeRunning, "FreeRunning", true)]
    [InlineData(ClockStatus.Disrupted, "Disrupted", false)]
    public void JsonIsExactForEachStatus(ClockStatus status, string name, bool reliable)
    {
        string json = NowFormatter.FormatJson(Reading(status, bound: 58_390), "/var/run/clockbound/shm0", 2);

        Assert.Equal(
            "{\"earliest_ns\":1715000000123441610,\"latest_ns\":1715000000123558390,\"bound_ns\":58390,"
            + $"\"status\":\"{name}\",\"reliable\":{(reliable ? "true" : "false")},"
            + "\"earliest\":\"2024-05-06T12:53:20.123441610Z\",\"latest\":\"2024-05-06T12:53:20.123558390Z\","
            + "\"segment_path\":\"/var/run/clockbound/shm0\",\"segment_version\":2}",
            json);
    }

    [Fact]
    public void JsonNumbersKeepEveryNanosecond()
    {
        string json = NowFormatter.FormatJson(Reading(ClockStatus.Synchronized, bound: 1), "/s", 2);

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(Real - 1, document.RootElement.GetProperty("earliest_ns").GetInt64());
        Assert.Equal(Real + 1, document.RootElement.GetProperty("latest_ns").GetInt64());
    }

    [Fact]
    public void StatusOutsideTheEnumIsNamedUnknown() =>
        Assert.Equal("Unknown", NowFormatter.StatusName((ClockStatus)7));

    [Fact]
    public void SaturatedEndsArePrinted()
    {
        var now = new ClockBoundNow(UnixInstant.MinValue, UnixInstant.MaxValue, long.MaxValue, ClockStatus.Unknown);

        string json = NowFormatter.FormatJson(now, "/s", 2);
        string text = NowFormatter.FormatText(now, "/s", 2);

        Assert.StartsWith($"{{\"earliest_ns\":{long.MinValue},\"latest_ns\":{long.MaxValue},\"bound_ns\":{long.MaxValue},", json);
        Assert.Contains("earliest: 1677-09-21T00:12:43.145224192Z", text);
        Assert.Contains("latest:   2262-04-11T23:47:16.854775807Z", text);
    }
}
