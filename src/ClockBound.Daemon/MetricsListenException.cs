namespace ClockBound.Daemon;

/// <summary><c>--metrics-listen</c>'s address cannot be listened on; the message is the system's reason.</summary>
internal sealed class MetricsListenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MetricsListenException()
    {
    }

    /// <summary>Creates the exception with the system's reason.</summary>
    public MetricsListenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the system's reason and its cause.</summary>
    public MetricsListenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
