namespace ClockBound.TestSupport;

/// <summary>
/// Owns what a test setup made, in the order it made it, and disposes all of it last made first,
/// as a chain of <c>using</c> declarations would: a setup helper that builds several things can
/// hand them over as one, and clean up what it made so far when a later step fails.
/// </summary>
public sealed class Disposables : IDisposable
{
    private readonly Stack<IDisposable> _owned = new();

    /// <summary>Takes <paramref name="item"/> on; returns it.</summary>
    public T Add<T>(T item)
        where T : IDisposable
    {
        _owned.Push(item);
        return item;
    }

    /// <summary>
    /// Disposes everything, last added first. As with nested <c>using</c>, one that throws does not
    /// keep the earlier ones from being disposed; the exception propagates once they are.
    /// </summary>
    public void Dispose()
    {
        if (!_owned.TryPop(out IDisposable? last))
        {
            return;
        }
        try
        {
            last.Dispose();
        }
        finally
        {
            Dispose();
        }
    }
}
