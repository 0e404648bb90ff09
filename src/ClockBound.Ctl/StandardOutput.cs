using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ClockBound.Ctl;

/// <summary>
/// The writer for standard output. Console.Out silently drops writes to a pipe whose reader has
/// gone, which would leave <c>clockboundctl watch | head -3</c> running forever; on a pipe (or a
/// socket, or a terminal) we write to file descriptor 1 ourselves, so such a write fails with EPIPE.
/// A regular file keeps Console.Out: a FileStream would write at its own offset, not the file's.
/// </summary>
internal static class StandardOutput
{
    private const int StandardOutputDescriptor = 1;

    /// <summary>A UTF-8 writer that flushes every write.</summary>
    public static TextWriter Open()
    {
        try
        {
            var stream = new FileStream(new SafeFileHandle(StandardOutputDescriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            if (!stream.CanSeek)
            {
                return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
            }
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Closed or odd: let the console deal with it.
        }
        return Console.Out;
    }
}
