namespace ClockBound.Interop;

/// <summary>The calling thread's signal mask (<c>pthread_sigmask</c>). Threads inherit it from their creator.</summary>
internal static unsafe class ProcessSignals
{
    /// <summary>Whether every signal in <paramref name="signals"/> is blocked on the calling thread.</summary>
    public static bool AreBlocked(ReadOnlySpan<int> signals)
    {
        Libc.SigSet current;
        Check(Libc.pthread_sigmask(Libc.SIG_BLOCK, null, &current));
        ulong wanted = Bits(signals);
        return (current.Low & wanted) == wanted;
    }

    /// <summary>Blocks <paramref name="signals"/> on the calling thread (they stay pending until read from a <see cref="SignalFile"/>).</summary>
    public static void Block(ReadOnlySpan<int> signals) => Change(Libc.SIG_BLOCK, signals);

    /// <summary>Unblocks <paramref name="signals"/> on the calling thread.</summary>
    public static void Unblock(ReadOnlySpan<int> signals) => Change(Libc.SIG_UNBLOCK, signals);

    internal static Libc.SigSet Set(ReadOnlySpan<int> signals) => new() { Low = Bits(signals) };

    private static void Change(int how, ReadOnlySpan<int> signals)
    {
        Libc.SigSet set = Set(signals);
        Check(Libc.pthread_sigmask(how, &set, null));
    }

    private static ulong Bits(ReadOnlySpan<int> signals)
    {
        ulong bits = 0;
        foreach (int signal in signals)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(signal, 64);
            bits |= 1UL << (signal - 1);
        }
        return bits;
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new SystemCallException("pthread_sigmask", error);
        }
    }
}
