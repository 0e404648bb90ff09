namespace ClockBound.Daemon.Tests;

public sealed class DaemonConditionTests
{
    [Fact]
    public void ChangesOnlyWhenTheKindOfFailureChanges()
    {
        var condition = new DaemonCondition();
        Assert.False(condition.Known);
        Assert.True(condition.OnSample(SampleFailure.None, null, 10));
        Assert.False(condition.Failing);
        Assert.Equal(10, condition.SinceRealtimeNanoseconds);
        Assert.False(condition.OnSample(SampleFailure.None, null, 20));

        Assert.True(condition.OnSample(SampleFailure.QueryFailed, "first", 30));
        // A new message of the same kind is no change: the first one and its time stay.
        Assert.False(condition.OnSample(SampleFailure.QueryFailed, "second", 40));
        Assert.True(condition.Failing);
        Assert.Equal("first", condition.Message);
        Assert.Equal(30, condition.SinceRealtimeNanoseconds);

        Assert.True(condition.OnSample(SampleFailure.ReportRejected, "rejected", 50));
        Assert.Equal(SampleFailure.ReportRejected, condition.Failure);
        Assert.True(condition.OnSample(SampleFailure.None, null, 60));
        Assert.Null(condition.Message);
        Assert.Equal(60, condition.SinceRealtimeNanoseconds);
    }

    [Fact]
    public void EveryFailureKindHasASnakeCaseName()
    {
        Assert.Equal("query_failed", SampleFailureNames.NameOf(SampleFailure.QueryFailed));
        Assert.Equal("report_rejected", SampleFailureNames.NameOf(SampleFailure.ReportRejected));
        Assert.Equal("phc_bound_unavailable", SampleFailureNames.NameOf(SampleFailure.PhcBoundUnavailable));
        Assert.Equal("bound_rejected", SampleFailureNames.NameOf(SampleFailure.BoundRejected));
        Assert.Equal(Enum.GetValues<SampleFailure>().Length - 1, SampleFailureNames.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleFailureNames.NameOf(SampleFailure.None));
    }
}
