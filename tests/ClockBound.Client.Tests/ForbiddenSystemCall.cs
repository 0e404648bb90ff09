using System.Runtime.InteropServices;

namespace ClockBound.Client.Tests;

/// <summary>
/// Runs code on a thread of its own under a seccomp filter that makes one system call fail with
/// EPERM, as a strict container profile would. The filter lives and dies with that thread.
/// </summary>
internal static partial class ForbiddenSystemCall
{
    private const int PrSetNoNewPrivs = 38;
    private const int PrSetSeccomp = 22;
    private const int SeccompModeFilter = 2;
    private const uint SeccompRetErrnoEperm = 0x0005_0000 | 1;
    private const uint SeccompRetAllow = 0x7fff_0000;

    /// <summary>clock_nanosleep's number and the audit arch of this process's architecture.</summary>
    public static (uint Arch, uint Number) ClockNanosleep => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (0xC000_003E, 230),
        Architecture.Arm64 => (0xC000_00B7, 115),
        Architecture other => throw new PlatformNotSupportedException($"no clock_nanosleep number known for {other}"),
    };

    /// <summary>Runs <paramref name="action"/> with <paramref name="call"/> forbidden; returns its result or rethrows its exception.</summary>
    public static T Run<T>((uint Arch, uint Number) call, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Install(call.Arch, call.Number);
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new AggregateException(failure);
    }

    private static void Install(uint arch, uint number)
    {
        // seccomp_data: nr at offset 0, arch at 4. Another architecture, or another call: allowed.
        SockFilter[] program =
        [
            new(0x20, 0, 0, 4),              // ld [arch]
            new(0x15, 0, 3, arch),           // jeq arch ? next : allow
            new(0x20, 0, 0, 0),              // ld [nr]
            new(0x15, 0, 1, number),         // jeq nr ? next : allow
            new(0x06, 0, 0, SeccompRetErrnoEperm),
            new(0x06, 0, 0, SeccompRetAllow),
        ];
        GCHandle pinned = GCHandle.Alloc(program, GCHandleType.Pinned);
        try
        {
            var fprog = new SockFprog { Length = (ushort)program.Length, Filter = pinned.AddrOfPinnedObject() };
            if (prctl(PrSetNoNewPrivs, 1, 0, 0, 0) != 0 || prctl(PrSetSeccomp, SeccompModeFilter, ref fprog, 0, 0) != 0)
            {
                throw new InvalidOperationException($"prctl failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            pinned.Free();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct SockFilter(ushort Code, byte JumpTrue, byte JumpFalse, uint K);

    [StructLayout(LayoutKind.Sequential)]
    private struct SockFprog
    {
        public ushort Length;
        public IntPtr Filter;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, nuint arg2, ref SockFprog arg3, nuint arg4, nuint arg5);
}
