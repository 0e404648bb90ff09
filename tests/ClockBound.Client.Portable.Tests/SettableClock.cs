namespace ClockBound.Client.Portable.Tests;

/// <summary>A consumer's own test double: any <see cref="IClockBound"/> works with the extensions.</summary>
internal sealed class SettableClock : IClockBound
{
    public ClockBoundNow Reading { get; set; }

    public ClockBoundException? Error { get; set; }

    public ClockBoundNow Now() => Error is { } e ? throw e : Reading;
}
