namespace ClockBound.Interop;

/// <summary>
/// Replaces the running program with itself (<c>execv</c>): same pid, same argv bytes, same
/// environment, and the calling thread's signal mask.
/// </summary>
internal static unsafe class ProcessImage
{
    /// <summary>
    /// The process's own arguments as the kernel holds them (<c>/proc/self/cmdline</c>), byte for
    /// byte: what .NET decoded into strings, before any invalid UTF-8 became U+FFFD.
    /// </summary>
    /// <exception cref="IOException">/proc is not readable.</exception>
    public static byte[][] RawArguments()
    {
        byte[] all = File.ReadAllBytes("/proc/self/cmdline");
        var arguments = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] == 0)
            {
                arguments.Add(all[start..i]);
                start = i + 1;
            }
        }
        if (start < all.Length)
        {
            arguments.Add(all[start..]);
        }
        return [.. arguments];
    }

    /// <summary>Runs the program's own file again with <see cref="RawArguments"/>. Returns only by throwing.</summary>
    /// <remarks>
    /// By its real path, not <c>/proc/self/exe</c>: the kernel names the process (<c>comm</c>, what
    /// <c>ps</c> and <c>pgrep</c> show) after the file exec'd, and "exe" would hide the daemon.
    /// </remarks>
    /// <exception cref="SystemCallException">execv failed.</exception>
    /// <exception cref="IOException">/proc is not readable.</exception>
    public static void ExecuteSelfAgain()
    {
        byte[][] arguments = RawArguments();
        string program = Environment.ProcessPath ?? "/proc/self/exe";
        byte[] path = System.Text.Encoding.UTF8.GetBytes(program + "\0");
        int total = 0;
        foreach (byte[] a in arguments)
        {
            total += a.Length + 1;
        }
        byte[] block = new byte[total];
        int[] offsets = new int[arguments.Length];
        int at = 0;
        for (int i = 0; i < arguments.Length; i++)
        {
            offsets[i] = at;
            arguments[i].CopyTo(block, at);
            at += arguments[i].Length + 1;
        }
        fixed (byte* p = path)
        fixed (byte* b = block)
        {
            byte** argv = stackalloc byte*[arguments.Length + 1];
            for (int i = 0; i < arguments.Length; i++)
            {
                argv[i] = b + offsets[i];
            }
            argv[arguments.Length] = null;
            Libc.execv(p, argv);
        }
        throw SystemCallException.FromLastError("execv", program);
    }
}
