using System.Diagnostics;
using ClockBound.Interop;
using Xunit.Abstractions;

namespace ClockBound.VMClock.Tests;

/// <summary>
/// A thread playing the hypervisor (seq_count odd, fields, seq_count even) against a reader thread:
/// every snapshot's fields come from one update.
/// </summary>
public sealed unsafe class VMClockTornReadTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-vmclock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ulong FlagsFor(ulong marker) => marker * 0x9E3779B97F4A7C15UL;

    private static byte StatusFor(ulong marker) => (byte)(marker % 5);

    [Fact]
    public void AReaderNeverSeesATornSnapshot()
    {
        string path = Path.Combine(_dir, "vmclock0");
        new VMClockPage { DisruptionMarker = 1, Flags = FlagsFor(1), ClockStatus = StatusFor(1) }.WriteTo(path);
        using MappedFile hypervisor = MappedFile.MapReadWrite(path, 4096, 0b110_100_100, out _);
        using VMClockReader reader = VMClockReader.Open(path);
        bool stop = false;

        ulong updates = 1;
        Thread writer = StartHypervisor(hypervisor, () => Volatile.Read(ref stop), () => updates++);

        // This (unrealistically busy) hypervisor may keep seq_count odd or changing through all of a
        // read's attempts: then the read fails (counted), it never hands out a torn or older copy.
        long reads = 0, failures = 0, torn = 0, changes = 0, regressions = 0;
        ulong last = 0;
        var clock = Stopwatch.StartNew();
        // At least two seconds and until enough updates were seen to mean something; a loaded
        // machine, where the two threads rarely run at the same time, may take longer.
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && (clock.Elapsed < TimeSpan.FromSeconds(2) || changes < 1_000))
        {
            VMClockSnapshot s;
            try
            {
                s = reader.Read();
            }
            catch (VMClockException)
            {
                failures++;
                continue;
            }
            reads++;
            if (s.Flags != FlagsFor(s.DisruptionMarker) || s.ClockStatus != StatusFor(s.DisruptionMarker) || (s.SeqCount & 1) != 0)
            {
                torn++;
            }
            else if (s.DisruptionMarker < last)
            {
                regressions++;
            }
            else if (s.DisruptionMarker != last)
            {
                changes++;
                last = s.DisruptionMarker;
            }
        }
        Volatile.Write(ref stop, true);
        writer.Join();

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: hypervisor updates={updates} reads={reads} failed reads={failures} torn={torn} regressions={regressions} changes={changes}");
        Assert.Equal(0, torn);
        Assert.Equal(0, regressions);
        Assert.True(changes >= 1_000, $"only {changes} changes seen");
        Assert.True(failures < reads, $"{failures} failed reads against {reads} good ones");
    }

    /// <summary>Plays the hypervisor: marker k, flags and status derived from k, under seq_count.</summary>
    private static Thread StartHypervisor(MappedFile page, Func<bool> stop, Func<ulong> previousMarker)
    {
        var writer = new Thread(() =>
        {
            byte* p = page.Pointer;
            uint* seq = (uint*)(p + VMClockLayout.SeqCountOffset);
            while (!stop())
            {
                ulong marker = previousMarker() + 1;
                uint count = *seq;
                Volatile.Write(ref *seq, count + 1);
                Interlocked.MemoryBarrier(); // the odd count is visible before any field changes
                Volatile.Write(ref *(ulong*)(p + VMClockLayout.DisruptionMarkerOffset), marker);
                Volatile.Write(ref *(ulong*)(p + VMClockLayout.FlagsOffset), FlagsFor(marker));
                Volatile.Write(ref p[VMClockLayout.ClockStatusOffset], StatusFor(marker));
                Volatile.Write(ref *seq, count + 2);
                // A real hypervisor updates rarely; this one still updates about a million times a
                // second, but leaves the reader even windows to copy in.
                Thread.SpinWait(20);
            }
        });
        writer.Start();
        return writer;
    }

    /// <summary>The control: the same check on plain copies, without seq_count, does find torn ones.</summary>
    [Fact]
    public void WithoutSeqCountTheSameCheckFindsTornCopies()
    {
        string path = Path.Combine(_dir, "vmclock0");
        new VMClockPage { DisruptionMarker = 1, Flags = FlagsFor(1), ClockStatus = StatusFor(1) }.WriteTo(path);
        using MappedFile hypervisor = MappedFile.MapReadWrite(path, 4096, 0b110_100_100, out _);
        using MappedFile plain = MappedFile.MapReadOnly(path);
        bool stop = false;
        ulong updates = 1;
        Thread writer = StartHypervisor(hypervisor, () => Volatile.Read(ref stop), () => updates++);

        long copies = 0, torn = 0;
        byte* p = plain.Pointer;
        var clock = Stopwatch.StartNew();
        while (torn < 100 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            ulong marker = Volatile.Read(ref *(ulong*)(p + VMClockLayout.DisruptionMarkerOffset));
            ulong flags = Volatile.Read(ref *(ulong*)(p + VMClockLayout.FlagsOffset));
            byte status = Volatile.Read(ref p[VMClockLayout.ClockStatusOffset]);
            copies++;
            if (flags != FlagsFor(marker) || status != StatusFor(marker))
            {
                torn++;
            }
        }
        Volatile.Write(ref stop, true);
        writer.Join();

        output.WriteLine($"unprotected copies={copies} torn={torn}");
        Assert.True(torn > 0, $"no torn copy in {copies}: the check could not detect tearing");
    }
}
