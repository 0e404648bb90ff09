namespace ClockBound;

/// <summary>
/// A clock that answers with an interval guaranteed to contain true time (when its status says
/// so), instead of a single instant. <see cref="ClockBoundClient"/> reads the ClockBound daemon;
/// <c>ClockBound.Testing.FakeClockBound</c> (package ClockBound.Client.Testing) stands in for it in unit tests.
/// </summary>
/// <remarks>The helpers in <see cref="ClockBoundExtensions"/> (commit wait, "surely passed") work with any implementation.</remarks>
public interface IClockBound
{
    /// <summary>Reads the clock: the interval [earliest, latest] and the clock's status.</summary>
    /// <exception cref="ClockBoundException">No interval can be given (see <see cref="ClockBoundException.Kind"/>).</exception>
    ClockBoundNow Now();
}
