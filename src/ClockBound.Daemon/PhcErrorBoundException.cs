namespace ClockBound.Daemon;

/// <summary>The PHC error bound could not be read or parsed; the sample that needed it fails.</summary>
internal sealed class PhcErrorBoundException(string message, Exception? innerException = null)
    : Exception(message, innerException);
