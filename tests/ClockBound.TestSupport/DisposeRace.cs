namespace ClockBound.TestSupport;

/// <summary>
/// Disposes an object while another thread is still using it: the race a mapping's owner must
/// survive (no crash, no made-up value), tried at a different moment each round.
/// </summary>
public static class DisposeRace
{
    /// <summary>
    /// Starts a thread that calls <paramref name="use"/> until it returns false, spins
    /// <paramref name="spinIterations"/> times (so that rounds with different counts dispose at
    /// different points of the use), disposes <paramref name="target"/> and waits for the thread.
    /// <paramref name="use"/> catches what it expects of a disposed target itself.
    /// </summary>
    /// <returns>What <paramref name="use"/> threw, ending the thread; null if nothing.</returns>
    public static Exception? Run(IDisposable target, int spinIterations, Func<bool> use)
    {
        Exception? unexpected = null;
        var thread = new Thread(() =>
        {
            try
            {
                while (use())
                {
                }
            }
            catch (Exception e)
            {
                unexpected = e;
            }
        });
        thread.Start();
        Thread.SpinWait(spinIterations);
        target.Dispose();
        thread.Join();
        return unexpected;
    }
}
