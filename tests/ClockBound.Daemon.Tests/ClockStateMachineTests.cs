namespace ClockBound.Daemon.Tests;

public sealed class ClockStateMachineTests
{
    private const ClockStatus U = ClockStatus.Unknown;
    private const ClockStatus S = ClockStatus.Synchronized;
    private const ClockStatus F = ClockStatus.FreeRunning;
    private const ClockStatus D = ClockStatus.Disrupted;

    /// <summary>Every cell of daemon.md's table with disruption support; "any" columns expanded to all three chrony statuses.</summary>
    public static TheoryData<ClockStatus, ChronyClockStatus, DisruptionState, ClockStatus> WithSupportTable()
    {
        var data = new TheoryData<ClockStatus, ChronyClockStatus, DisruptionState, ClockStatus>();
        // current, (Sync, Reliable), (FreeRun, Reliable), (any, Disrupted), (Unknown, Reliable), (any, Unknown)
        (ClockStatus Current, ClockStatus SyncReliable, ClockStatus FreeReliable, ClockStatus AnyDisrupted, ClockStatus UnknownReliable, ClockStatus AnyUnknown)[] rows =
        [
            (U, S, U, D, U, U),
            (S, S, F, D, U, U),
            (F, S, F, D, U, U),
            (D, U, U, D, U, U),
        ];
        ChronyClockStatus[] anyChrony = [ChronyClockStatus.Unknown, ChronyClockStatus.Synchronized, ChronyClockStatus.FreeRunning];
        foreach (var row in rows)
        {
            data.Add(row.Current, ChronyClockStatus.Synchronized, DisruptionState.Reliable, row.SyncReliable);
            data.Add(row.Current, ChronyClockStatus.FreeRunning, DisruptionState.Reliable, row.FreeReliable);
            data.Add(row.Current, ChronyClockStatus.Unknown, DisruptionState.Reliable, row.UnknownReliable);
            foreach (ChronyClockStatus chrony in anyChrony)
            {
                data.Add(row.Current, chrony, DisruptionState.Disrupted, row.AnyDisrupted);
                data.Add(row.Current, chrony, DisruptionState.Unknown, row.AnyUnknown);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WithSupportTable))]
    public void WithSupportEveryCellOfTheTable(ClockStatus current, ChronyClockStatus chrony, DisruptionState disruption, ClockStatus expected)
    {
        Assert.Equal(expected, ClockStateMachine.Next(current, chrony, disruption));
    }

    [Fact]
    public void WithSupportTableHas36Cells() => Assert.Equal(4 * (3 + 3 + 3), WithSupportTable().Count);

    /// <summary>Without support: current × chrony status, disruption always Reliable; Disrupted never occurs.</summary>
    [Theory]
    [InlineData(U, ChronyClockStatus.Synchronized, S)]
    [InlineData(U, ChronyClockStatus.FreeRunning, U)]
    [InlineData(U, ChronyClockStatus.Unknown, U)]
    [InlineData(S, ChronyClockStatus.Synchronized, S)]
    [InlineData(S, ChronyClockStatus.FreeRunning, F)]
    [InlineData(S, ChronyClockStatus.Unknown, U)]
    [InlineData(F, ChronyClockStatus.Synchronized, S)]
    [InlineData(F, ChronyClockStatus.FreeRunning, F)]
    [InlineData(F, ChronyClockStatus.Unknown, U)]
    public void WithoutSupportEveryCellOfTheTable(ClockStatus current, ChronyClockStatus chrony, ClockStatus expected)
    {
        var machine = new ClockStateMachine(disruptionSupportEnabled: false);
        DriveTo(machine, current);
        Assert.Equal(current, machine.State);
        Assert.Equal(expected, machine.Update(chrony));
        Assert.Equal(DisruptionState.Reliable, machine.Disruption);
    }

    [Fact]
    public void InitialStateWithSupportIsUnknownWithBothInputsUnknown()
    {
        var machine = new ClockStateMachine(disruptionSupportEnabled: true);
        Assert.Equal(ClockStatus.Unknown, machine.State);
        Assert.Equal(ChronyClockStatus.Unknown, machine.Chrony);
        Assert.Equal(DisruptionState.Unknown, machine.Disruption);
        // Chrony alone cannot synchronise it: the disruption input is still Unknown.
        Assert.Equal(ClockStatus.Unknown, machine.Update(ChronyClockStatus.Synchronized));
        Assert.Equal(ClockStatus.Synchronized, machine.Update(DisruptionState.Reliable));
    }

    [Fact]
    public void InitialStateWithoutSupportIsUnknownWithDisruptionReliable()
    {
        var machine = new ClockStateMachine(disruptionSupportEnabled: false);
        Assert.Equal(ClockStatus.Unknown, machine.State);
        Assert.Equal(ChronyClockStatus.Unknown, machine.Chrony);
        Assert.Equal(DisruptionState.Reliable, machine.Disruption);
        Assert.Equal(ClockStatus.Synchronized, machine.Update(ChronyClockStatus.Synchronized));
    }

    [Theory]
    [InlineData(DisruptionState.Disrupted)]
    [InlineData(DisruptionState.Unknown)]
    public void WithoutSupportDisruptionInputIsPinnedToReliable(DisruptionState fed)
    {
        var machine = new ClockStateMachine(disruptionSupportEnabled: false);
        machine.Update(ChronyClockStatus.Synchronized);
        Assert.Equal(ClockStatus.Synchronized, machine.Update(fed));
        Assert.Equal(DisruptionState.Reliable, machine.Disruption);
    }

    [Fact]
    public void EachUpdateKeepsTheOtherInput()
    {
        var machine = new ClockStateMachine(disruptionSupportEnabled: true);
        machine.Update(DisruptionState.Reliable);
        machine.Update(ChronyClockStatus.Synchronized);
        Assert.Equal(ClockStatus.Synchronized, machine.State);

        machine.Update(DisruptionState.Disrupted);
        Assert.Equal(ChronyClockStatus.Synchronized, machine.Chrony);
        Assert.Equal(ClockStatus.Disrupted, machine.State);

        // Still disrupted whatever chrony says.
        Assert.Equal(ClockStatus.Disrupted, machine.Update(ChronyClockStatus.FreeRunning));
        Assert.Equal(DisruptionState.Disrupted, machine.Disruption);

        // Leaving Disrupted goes through Unknown, then Synchronized once chrony is.
        Assert.Equal(ClockStatus.Unknown, machine.Update(DisruptionState.Unknown));
        Assert.Equal(ClockStatus.Unknown, machine.Update(DisruptionState.Reliable)); // chrony still FreeRunning
        Assert.Equal(ClockStatus.Synchronized, machine.Update(ChronyClockStatus.Synchronized));
    }

    [Fact]
    public void DisruptedThenReliableWithSynchronizedChronyGoesToUnknownFirst()
    {
        var machine = new ClockStateMachine(disruptionSupportEnabled: true);
        machine.Update(DisruptionState.Reliable);
        machine.Update(ChronyClockStatus.Synchronized);
        machine.Update(DisruptionState.Disrupted);
        Assert.Equal(ClockStatus.Unknown, machine.Update(DisruptionState.Reliable));
        Assert.Equal(ClockStatus.Synchronized, machine.Update(ChronyClockStatus.Synchronized));
    }

    [Fact]
    public void NeverSynchronisedClockDoesNotBecomeFreeRunning()
    {
        var machine = new ClockStateMachine(disruptionSupportEnabled: true);
        machine.Update(DisruptionState.Reliable);
        Assert.Equal(ClockStatus.Unknown, machine.Update(ChronyClockStatus.FreeRunning));
        Assert.Equal(ClockStatus.Synchronized, machine.Update(ChronyClockStatus.Synchronized));
        Assert.Equal(ClockStatus.FreeRunning, machine.Update(ChronyClockStatus.FreeRunning));
        Assert.Equal(ClockStatus.FreeRunning, machine.Update(ChronyClockStatus.FreeRunning));
        Assert.Equal(ClockStatus.Unknown, machine.Update(ChronyClockStatus.Unknown));
        Assert.Equal(ClockStatus.Unknown, machine.Update(ChronyClockStatus.FreeRunning));
    }

    private static void DriveTo(ClockStateMachine machine, ClockStatus target)
    {
        switch (target)
        {
            case ClockStatus.Unknown:
                break;
            case ClockStatus.Synchronized:
                machine.Update(ChronyClockStatus.Synchronized);
                break;
            case ClockStatus.FreeRunning:
                machine.Update(ChronyClockStatus.Synchronized);
                machine.Update(ChronyClockStatus.FreeRunning);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }
    }
}
