using ClockBound.Daemon.Tests.Fakes;

namespace ClockBound.Daemon.Tests;

public sealed class DaemonConditionFileTests
{
    private const long Start = 1_764_633_600_000_000_000; // 2025-12-02T00:00:00Z

    [Fact]
    public void FormatsKeyValueLines()
    {
        var condition = new DaemonCondition();
        condition.OnSample(SampleFailure.QueryFailed, "chronyd tracking query failed: no answer\nwithin 1 s", Start + 1_250_000_000);
        string text = DaemonConditionFile.Format(condition, 4242, Start);
        Assert.Equal(
            "# clockbound's condition, rewritten when it changes; read by clockboundctl status\n"
            + "pid=4242\nstarted=2025-12-02T00:00:00.000Z\ncondition=failing\nsince=2025-12-02T00:00:01.250Z\n"
            + "reason=query_failed\nneeds_action=no\nmessage=chronyd tracking query failed: no answer within 1 s\n",
            text);

        condition.OnSample(SampleFailure.None, null, Start + 2_000_000_000);
        Assert.Equal(
            "# clockbound's condition, rewritten when it changes; read by clockboundctl status\n"
            + "pid=4242\nstarted=2025-12-02T00:00:00.000Z\ncondition=ok\nsince=2025-12-02T00:00:02.000Z\n",
            DaemonConditionFile.Format(condition, 4242, Start));
    }

    [Fact]
    public void ACauseThatCannotClearByItselfIsMarkedAndIsAChange()
    {
        var condition = new DaemonCondition();
        Assert.True(condition.OnSample(SampleFailure.QueryFailed, "chronyd not listening", Start));
        Assert.False(condition.NeedsAction);
        // Same failure, but now for a cause an operator must fix: a new condition.
        Assert.True(condition.OnSample(SampleFailure.QueryFailed, "permission denied: this user may not enter /run/chrony", Start + 1, needsAction: true));
        Assert.True(condition.NeedsAction);
        Assert.False(condition.OnSample(SampleFailure.QueryFailed, "permission denied again", Start + 2, needsAction: true));
        Assert.Contains("needs_action=yes\n", DaemonConditionFile.Format(condition, 1, Start), StringComparison.Ordinal);
        // A good sample clears it.
        Assert.True(condition.OnSample(SampleFailure.None, null, Start + 3, needsAction: true));
        Assert.False(condition.NeedsAction);
        Assert.DoesNotContain("needs_action", DaemonConditionFile.Format(condition, 1, Start), StringComparison.Ordinal);
    }

    [Fact]
    public void WritesNextToTheSegmentAtomicallyWithMode0644()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-condition-");
        var logger = new CapturingLogger();
        var file = new DaemonConditionFile(directory.Combine("shm0"), 77, Start, logger);
        Assert.Equal(directory.Combine("daemon-status"), file.Path);
        var condition = new DaemonCondition();
        condition.OnSample(SampleFailure.None, null, Start);
        Assert.True(file.Write(condition));
        Assert.Contains("condition=ok\n", File.ReadAllText(file.Path), StringComparison.Ordinal);

        // A link planted in its place is replaced, never followed.
        string target = directory.Combine("target");
        File.WriteAllText(target, "precious");
        File.Delete(file.Path);
        File.CreateSymbolicLink(file.Path, target);
        condition.OnSample(SampleFailure.ReportRejected, "ref_time in the future", Start + 1);
        Assert.True(file.Write(condition));
        Assert.Equal("precious", File.ReadAllText(target));
        Assert.Null(new FileInfo(file.Path).LinkTarget);
        Assert.Contains("reason=report_rejected\n", File.ReadAllText(file.Path), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file.Path));
        // Only the file itself is left: no temporary file.
        Assert.Equal(["daemon-status", "target"], Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(logger.Lines);
    }

    [Fact]
    public void AFailureIsLoggedNotThrown()
    {
        using TempDirectory directory = TempDirectory.Create("clockbound-condition-");
        File.WriteAllText(directory.Combine("not-a-directory"), "");
        var logger = new CapturingLogger();
        var file = new DaemonConditionFile(directory.Combine("not-a-directory/shm0"), 77, Start, logger);
        var condition = new DaemonCondition();
        condition.OnSample(SampleFailure.None, null, Start);
        Assert.False(file.Write(condition));
        Assert.True(logger.Contains(Microsoft.Extensions.Logging.LogLevel.Error, "Cannot write the daemon's condition to"));
    }
}
