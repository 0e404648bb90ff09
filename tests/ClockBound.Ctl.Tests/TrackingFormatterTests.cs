using System.Net;
using System.Text.Json;
using ClockBound.Chrony;

namespace ClockBound.Ctl.Tests;

public sealed class TrackingFormatterTests
{
    [Fact]
    public void TextIsChronycTrackingPlusTheBound()
    {
        TrackingReport report = Reports.EveryFieldDistinct();

        string text = TrackingFormatter.FormatText(report, TrackingBound.For(report));

        Assert.Equal(
            """
            Reference ID    : 7F000001 (127.0.0.1)
            Stratum         : 2
            Ref time (UTC)  : Wed Nov 25 18:31:01 2026
            System time     : 0.000002198 seconds fast of NTP time
            Last offset     : -0.000000083 seconds
            RMS offset      : 0.000000475 seconds
            Frequency       : 0.024 ppm fast
            Residual freq   : +0.001 ppm
            Skew            : 0.112 ppm
            Root delay      : 0.000008319 seconds
            Root dispersion : 0.000052868 seconds
            Update interval : 0.5 seconds
            Leap status     : Normal
            Error bound     : 0.000059226 seconds (root delay / 2 + root dispersion + |system time|)

            """.Replace("\r\n", "\n"),
            text);
    }

    [Theory]
    [InlineData(-1, "0.000000238 seconds fast of NTP time")]  // clock ahead: chronyd will slow it
    [InlineData(1, "0.000000238 seconds slow of NTP time")]   // a positive correction: the clock is behind
    [InlineData(0, "0.000000000 seconds fast of NTP time")]   // chronyc says "fast" for zero
    public void SystemTimeSignIsFastOrSlow(int sign, string expected)
    {
        TrackingReport report = Reports.EveryFieldDistinct(currentCorrection: Floats.Of(sign, -22));

        Assert.Contains($"System time     : {expected}\n", TrackingFormatter.FormatText(report, TrackingBound.For(report)));
    }

    [Theory]
    [InlineData(1, "0.500 ppm fast")]    // a positive frequency error: the clock runs fast
    [InlineData(-1, "0.500 ppm slow")]
    [InlineData(0, "0.000 ppm slow")]    // chronyc says "slow" for zero
    public void FrequencySignIsFastOrSlow(int sign, string expected)
    {
        TrackingReport report = Reports.EveryFieldDistinct(frequencyPpm: Floats.Of(sign, -1));

        Assert.Contains($"Frequency       : {expected}\n", TrackingFormatter.FormatText(report, TrackingBound.For(report)));
    }

    [Theory]
    [InlineData((ushort)0, "Normal")]
    [InlineData((ushort)1, "Insert second")]
    [InlineData((ushort)2, "Delete second")]
    [InlineData((ushort)3, "Not synchronised")]
    [InlineData((ushort)4, "Invalid")]
    public void LeapStatusUsesChronycsWords(ushort leap, string expected)
    {
        TrackingReport report = Reports.EveryFieldDistinct(leapStatus: leap);

        Assert.Contains($"Leap status     : {expected}\n", TrackingFormatter.FormatText(report, TrackingBound.For(report)));
    }

    [Fact]
    public void UnsynchronisedChronydLooksLikeChronycShowsIt()
    {
        // What chronyd reports before its first update: no reference, 1 s delay and dispersion.
        var report = new TrackingReport
        {
            RefId = 0,
            Address = null,
            AddressFamily = 0,
            Stratum = 0,
            LeapStatus = 3,
            RefTimeSeconds = 0,
            RefTimeNanoseconds = 0,
            CurrentCorrection = Floats.Of(0, 0),
            LastOffset = Floats.Of(0, 0),
            RmsOffset = Floats.Of(0, 0),
            FrequencyPpm = Floats.Of(-36_149, -10),
            ResidualFrequencyPpm = Floats.Of(0, 0),
            SkewPpm = Floats.Of(0, 0),
            RootDelay = Floats.Of(1, 0),
            RootDispersion = Floats.Of(1, 0),
            LastUpdateInterval = Floats.Of(0, 0),
        };

        Assert.Equal(
            """
            Reference ID    : 00000000 ()
            Stratum         : 0
            Ref time (UTC)  : Thu Jan 01 00:00:00 1970
            System time     : 0.000000000 seconds fast of NTP time
            Last offset     : +0.000000000 seconds
            RMS offset      : 0.000000000 seconds
            Frequency       : 35.302 ppm slow
            Residual freq   : +0.000 ppm
            Skew            : 0.000 ppm
            Root delay      : 1.000000000 seconds
            Root dispersion : 1.000000000 seconds
            Update interval : 0.0 seconds
            Leap status     : Not synchronised
            Error bound     : 1.500000000 seconds (root delay / 2 + root dispersion + |system time|)

            """.Replace("\r\n", "\n"),
            TrackingFormatter.FormatText(report, TrackingBound.For(report)));
    }

    [Fact]
    public void MissingBoundSaysWhy()
    {
        TrackingReport report = Reports.EveryFieldDistinct() with { RootDelay = Floats.Of(-1, -20) };

        string text = TrackingFormatter.FormatText(report, TrackingBound.For(report));

        Assert.EndsWith("Error bound     : none (root delay is negative)\n", text);
    }

    [Theory]
    [InlineData(-1L, "-1 s after the Unix epoch")]
    [InlineData(253_402_300_799L, "Fri Dec 31 23:59:59 9999")]
    [InlineData(253_402_300_800L, "253402300800 s after the Unix epoch")]
    public void RefTimeOutsideTheCalendarIsShownAsSeconds(long seconds, string expected) =>
        Assert.Equal(expected, TrackingFormatter.RefTimeText(seconds));

    [Fact]
    public void JsonHasEveryFieldWithExactValues()
    {
        TrackingReport report = Reports.EveryFieldDistinct();

        string json = TrackingFormatter.FormatJson(report, TrackingBound.For(report), "/run/chrony/chronyd.sock");

        Assert.DoesNotContain('\n', json);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal(
            [
                "chrony_socket", "ref_id", "ref_id_hex", "reference_name", "address", "address_family", "stratum",
                "ref_time", "ref_time_seconds", "ref_time_nanoseconds", "current_correction_s", "last_offset_s",
                "rms_offset_s", "frequency_ppm", "residual_frequency_ppm", "skew_ppm", "root_delay_s",
                "root_dispersion_s", "update_interval_s", "leap_status", "leap_status_code", "bound_ns", "bound_error",
            ],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/run/chrony/chronyd.sock", root.GetProperty("chrony_socket").GetString());
        Assert.Equal(0x7F000001u, root.GetProperty("ref_id").GetUInt32());
        Assert.Equal("7F000001", root.GetProperty("ref_id_hex").GetString());
        Assert.Equal("127.0.0.1", root.GetProperty("reference_name").GetString());
        Assert.Equal("127.0.0.1", root.GetProperty("address").GetString());
        Assert.Equal(1, root.GetProperty("address_family").GetInt32());
        Assert.Equal(2, root.GetProperty("stratum").GetInt32());
        Assert.Equal("2026-11-25T18:31:01.779918192Z", root.GetProperty("ref_time").GetString());
        Assert.Equal(1_795_631_461L, root.GetProperty("ref_time_seconds").GetInt64());
        Assert.Equal(779_918_192, root.GetProperty("ref_time_nanoseconds").GetInt32());
        // Every float is exact: the JSON number reads back as the very double chronyd's float is.
        Assert.Equal(report.CurrentCorrection.ToDouble(), root.GetProperty("current_correction_s").GetDouble());
        Assert.True(root.GetProperty("current_correction_s").GetDouble() < 0, "sign as on the wire: negative = fast");
        Assert.Equal(report.LastOffset.ToDouble(), root.GetProperty("last_offset_s").GetDouble());
        Assert.Equal(report.RmsOffset.ToDouble(), root.GetProperty("rms_offset_s").GetDouble());
        Assert.Equal(report.FrequencyPpm.ToDouble(), root.GetProperty("frequency_ppm").GetDouble());
        Assert.Equal(0.0009765625, root.GetProperty("residual_frequency_ppm").GetDouble());
        Assert.Equal(0.1123046875, root.GetProperty("skew_ppm").GetDouble());
        Assert.Equal(report.RootDelay.ToDouble(), root.GetProperty("root_delay_s").GetDouble());
        Assert.Equal(report.RootDispersion.ToDouble(), root.GetProperty("root_dispersion_s").GetDouble());
        Assert.Equal(0.5, root.GetProperty("update_interval_s").GetDouble());
        Assert.Equal("Normal", root.GetProperty("leap_status").GetString());
        Assert.Equal(0, root.GetProperty("leap_status_code").GetInt32());
        Assert.Equal(59_226L, root.GetProperty("bound_ns").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("bound_error").ValueKind);
    }

    [Fact]
    public void JsonWithoutAddressOrBoundHasNulls()
    {
        TrackingReport report = Reports.EveryFieldDistinct() with
        {
            RefId = 0x50484330,
            Address = null,
            AddressFamily = 0,
            RootDispersion = Floats.Of(-1, -30),
        };

        string json = TrackingFormatter.FormatJson(report, TrackingBound.For(report), "/s");

        Assert.Contains("\"reference_name\":\"PHC0\",\"address\":null,\"address_family\":0,", json);
        Assert.EndsWith("\"bound_ns\":null,\"bound_error\":\"root dispersion is negative\"}", json);
    }

    [Fact]
    public void JsonEscapesAnOddSocketPath()
    {
        string json = TrackingFormatter.FormatJson(Reports.EveryFieldDistinct(), default, "/tmp/a\"b\\c");

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal("/tmp/a\"b\\c", document.RootElement.GetProperty("chrony_socket").GetString());
    }

    [Fact]
    public void IPv6AddressInJson()
    {
        TrackingReport report = Reports.EveryFieldDistinct() with { Address = IPAddress.Parse("fd00::1"), AddressFamily = 2 };

        Assert.Contains("\"reference_name\":\"fd00::1\",\"address\":\"fd00::1\",\"address_family\":2,", TrackingFormatter.FormatJson(report, TrackingBound.For(report), "/s"));
    }
}
