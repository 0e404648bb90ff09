namespace ClockBound.Shm;

/// <summary>
/// The segment's path is not safe to publish at: a link, a file that is not a regular file, or a
/// directory on the way that someone other than root or the daemon's user could change. The
/// message says what was found and how to fix it; nothing was written.
/// </summary>
internal sealed class SegmentPathException : IOException
{
    /// <summary>Creates the exception with the full explanation in <paramref name="message"/>.</summary>
    public SegmentPathException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
