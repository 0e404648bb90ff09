using System.Text.Json;
using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

/// <summary>The daemon's condition file (<c>daemon-status</c>) in <c>clockboundctl status</c>.</summary>
public sealed class StatusDaemonConditionTests : IDisposable
{
    private const string Failing =
        "# clockbound's condition, rewritten when it changes; read by clockboundctl status\n"
        + "pid={0}\nstarted=2026-12-02T11:59:00.000Z\ncondition=failing\nsince=2026-12-02T12:00:01.000Z\n"
        + "reason=query_failed\nmessage=chronyd tracking query failed: no reply from chronyd within 1 s\n";

    private readonly TempDirectory _directory = TempDirectory.Create("clockboundctl-condition-");

    public void Dispose() => _directory.Dispose();

    private static string FailingFor(int pid) => Failing.Replace("{0}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Fact]
    public void ParsesWhatTheDaemonWrites()
    {
        StatusDaemonCondition? condition = StatusDaemonCondition.Parse(FailingFor(4242), out string? error);
        Assert.Null(error);
        Assert.NotNull(condition);
        Assert.Equal(4242, condition.Pid);
        Assert.True(condition.Failing);
        Assert.Equal("query_failed", condition.Reason);
        Assert.Equal("chronyd tracking query failed: no reply from chronyd within 1 s", condition.Message);
        Assert.Equal(new DateTime(2026, 12, 2, 12, 0, 1, DateTimeKind.Utc), condition.Since);
        Assert.Equal(DateTimeKind.Utc, condition.Since.Kind);
        Assert.Equal(new DateTime(2026, 12, 2, 11, 59, 0, DateTimeKind.Utc), condition.Started);
    }

    [Fact]
    public void ACauseThatNeedsActionSaysSoInTextAndJson()
    {
        string text = FailingFor(Environment.ProcessId).Replace("reason=query_failed\n", "reason=query_failed\nneeds_action=yes\n", StringComparison.Ordinal);
        var condition = StatusDaemonCondition.Parse(text, out string? error)!;
        Assert.Null(error);
        Assert.True(condition.NeedsAction);
        Assert.False(StatusDaemonCondition.Parse(FailingFor(Environment.ProcessId), out _)!.NeedsAction);
        var facts = new StatusDaemonFacts(condition, Running: true, Error: null, Now: condition.Since.AddSeconds(3));
        Assert.Contains("(needs action: this will not clear by itself)", StatusFormatter.DaemonText(facts), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "no pid")]
    [InlineData("pid=x\n", "no pid")]
    [InlineData("pid=1\nstarted=2026-12-02T11:59:00.000Z\n", "no started or since time")]
    [InlineData("pid=1\nstarted=2026-12-02T11:59:00.000Z\nsince=2026-12-02T11:59:00.000Z\ncondition=meh\n", "condition is 'meh', not ok or failing")]
    public void MalformedFilesSayWhy(string text, string expected)
    {
        Assert.Null(StatusDaemonCondition.Parse(text, out string? error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void FailingConditionReadsAsReasonSinceAndMessage()
    {
        var condition = StatusDaemonCondition.Parse(FailingFor(Environment.ProcessId), out _)!;
        var facts = new StatusDaemonFacts(condition, Running: true, Error: null, Now: condition.Since.AddSeconds(120.7));
        Assert.Equal("chronyd unreachable since 12:00:01 UTC (120 s): chronyd tracking query failed: no reply from chronyd within 1 s", StatusFormatter.DaemonText(facts));
    }

    [Fact]
    public void AFileLeftByADeadDaemonSaysSo()
    {
        var condition = StatusDaemonCondition.Parse(FailingFor(4242), out _)!;
        var facts = new StatusDaemonFacts(condition, Running: false, Error: null, Now: condition.Since.AddSeconds(5));
        Assert.Equal("pid 4242 is not running (its last condition: chronyd unreachable since 12:00:01 UTC (5 s): chronyd tracking query failed: no reply from chronyd within 1 s)",
            StatusFormatter.DaemonText(facts));
    }

    [Fact]
    public void NoFileIsNoErrorAndNoLine()
    {
        string segment = _directory.Combine("shm0");
        StatusDaemonFacts facts = StatusDaemonFacts.Gather(segment);
        Assert.Null(facts.Condition);
        Assert.Null(facts.Error);
        Assert.Null(StatusFormatter.DaemonText(facts));
        Assert.Null(StatusFormatter.DaemonText(null));
    }

    [Fact]
    public void StatusPrintsTheDaemonLineAndTheJsonHasTheFields()
    {
        string segment = _directory.Combine("shm0");
        Segments.Write(segment, 2, Segments.Fresh(bound: 40_000));
        File.WriteAllText(_directory.Combine("daemon-status"), FailingFor(Environment.ProcessId));

        var text = new StringWriter { NewLine = "\n" };
        StatusCommand.Run(segment, "/nope/chronyd.sock", json: false, text, TextWriter.Null);
        Assert.Matches(@"\ndaemon:      chronyd unreachable since 12:00:01 UTC \(\d+ s\): chronyd tracking query failed: no reply from chronyd within 1 s\n", text.ToString());

        var output = new StringWriter { NewLine = "\n" };
        StatusCommand.Run(segment, "/nope/chronyd.sock", json: true, output, TextWriter.Null);
        using JsonDocument document = JsonDocument.Parse(output.ToString());
        JsonElement daemon = document.RootElement.GetProperty("daemon");
        Assert.Equal(Environment.ProcessId, daemon.GetProperty("pid").GetInt32());
        Assert.True(daemon.GetProperty("running").GetBoolean());
        Assert.Equal("failing", daemon.GetProperty("condition").GetString());
        Assert.Equal("query_failed", daemon.GetProperty("reason").GetString());
        Assert.Equal("chronyd tracking query failed: no reply from chronyd within 1 s", daemon.GetProperty("message").GetString());
        Assert.Equal("2026-12-02T12:00:01.000Z", daemon.GetProperty("since").GetString());
        Assert.Equal("2026-12-02T11:59:00.000Z", daemon.GetProperty("started").GetString());
    }

    [Fact]
    public void JsonDaemonIsNullWithoutAFile()
    {
        string segment = _directory.Combine("shm0");
        Segments.Write(segment, 2, Segments.Fresh(bound: 40_000));
        var output = new StringWriter { NewLine = "\n" };
        StatusCommand.Run(segment, "/nope/chronyd.sock", json: true, output, TextWriter.Null);
        using JsonDocument document = JsonDocument.Parse(output.ToString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("daemon").ValueKind);
    }
}
