using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using ClockBound.Interop;
using ClockBound.Shm;

namespace ClockBound.Benchmarks;

/// <summary>
/// The cost of <see cref="ClockBoundClient.Now"/> against the two clock reads it cannot avoid.
/// A background publisher rewrites the segments every 100 ms, as the daemon does, so the
/// numbers include the occasional fresh copy after an update.
/// </summary>
// Min and median next to the mean: on a shared machine the mean carries other processes' noise.
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class NowBenchmarks
{
    private const long Second = 1_000_000_000;
    private const ulong Marker = 42;

    private string _directory = "";
    private SegmentWriter _segment = null!;
    private SegmentWriter _segmentWithDisruption = null!;
    private SegmentWriter _segmentOfStoppedDaemon = null!;
    private ClockBoundClient _client = null!;
    private ClockBoundClient _clientWithVMClock = null!;
    private ClockBoundClient _clientOfStoppedDaemon = null!;
    private Thread _publisher = null!;
    private volatile bool _stopPublishing;
    private long _publications;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("cb-bench-").FullName;
        string vmClock = Path.Combine(_directory, "vmclock0");
        WriteVMClockStandIn(vmClock, Marker);

        _segment = SegmentWriter.Open(Path.Combine(_directory, "shm0"), 2);
        _segmentWithDisruption = SegmentWriter.Open(Path.Combine(_directory, "shm0-disruption"), 2);
        _segmentOfStoppedDaemon = SegmentWriter.Open(Path.Combine(_directory, "shm0-stopped"), 2);
        Publish();
        // Written once, 3 s ago: every call finds an old as_of; the client copies the file once per refresh, as always.
        _segmentOfStoppedDaemon.Write(Snapshot(age: 3 * Second, disruptionSupport: false));

        var options = new ClockBoundClientOptions { VMClockPath = vmClock };
        _client = ClockBoundClient.Open(_segment.Path, options);
        _clientWithVMClock = ClockBoundClient.Open(_segmentWithDisruption.Path, options);
        _clientOfStoppedDaemon = ClockBoundClient.Open(_segmentOfStoppedDaemon.Path, options);
        // A dedicated thread, not a thread-pool timer: the benchmark must not depend on the pool
        // getting a turn, or the segment would go stale and the numbers measure the slow path.
        _publisher = new Thread(() =>
        {
            while (!_stopPublishing)
            {
                Thread.Sleep(100);
                Publish();
            }
        }) { IsBackground = true, Name = "publisher" };
        _publisher.Start();

        // Fail here, not with odd numbers, if the setup is wrong.
        Require(_client.Now(), nameof(_client));
        Require(_clientWithVMClock.Now(), nameof(_clientWithVMClock));
        Require(_clientOfStoppedDaemon.Now(), nameof(_clientOfStoppedDaemon));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopPublishing = true;
        _publisher.Join();
        Console.WriteLine($"// publications by the 10 Hz publisher: {Interlocked.Read(ref _publications)}");
        _client.Dispose();
        _clientWithVMClock.Dispose();
        _clientOfStoppedDaemon.Dispose();
        _segment.Dispose();
        _segmentWithDisruption.Dispose();
        _segmentOfStoppedDaemon.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The floor: CLOCK_REALTIME then CLOCK_MONOTONIC_COARSE, which every Now() reads.</summary>
    [Benchmark(Baseline = true)]
    public long RawClockPair() => Clocks.RealtimeNanoseconds() + Clocks.MonotonicCoarseNanoseconds();

    /// <summary>What an application would call without ClockBound.</summary>
    [Benchmark]
    public DateTime DateTimeUtcNow() => DateTime.UtcNow;

    /// <summary>Now() on a segment published without disruption support (the common case).</summary>
    [Benchmark]
    public ClockBoundNow ClockBoundNow() => _client.Now();

    /// <summary>Now() on a segment with disruption support on: also compares the VMClock's marker (a stand-in file).</summary>
    [Benchmark]
    public ClockBoundNow ClockBoundNowWithVMClock() => _clientWithVMClock.Now();

    /// <summary>Now() when the daemon has stopped writing: as_of is old; the cache is refreshed once per interval as always.</summary>
    [Benchmark]
    public ClockBoundNow ClockBoundNowDaemonStopped() => _clientOfStoppedDaemon.Now();

    private void Publish()
    {
        _segment.Write(Snapshot(age: 0, disruptionSupport: false));
        _segmentWithDisruption.Write(Snapshot(age: 0, disruptionSupport: true));
        Interlocked.Increment(ref _publications);
    }

    private static ClockErrorBound Snapshot(long age, bool disruptionSupport)
    {
        long asOf = Clocks.MonotonicCoarseNanoseconds() - age;
        return new ClockErrorBound
        {
            AsOfNanoseconds = asOf,
            VoidAfterNanoseconds = asOf + 1000 * Second,
            BoundNanoseconds = 20_000,
            MaxDriftPpb = 50_000,
            Status = ClockStatus.Synchronized,
            DisruptionMarker = Marker,
            DisruptionSupportEnabled = disruptionSupport,
        };
    }

    private static void Require(ClockBoundNow now, string which)
    {
        if (!now.IsReliable)
        {
            throw new InvalidOperationException($"{which}: expected a reliable reading, got {now}");
        }
    }

    /// <summary>A regular file with the VMClock page layout (magic, size 104, version 1, seq_count, marker).</summary>
    private static void WriteVMClockStandIn(string path, ulong marker)
    {
        byte[] page = new byte[104];
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(0), 0x4B4C4356);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(4), 104);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(16), marker);
        File.WriteAllBytes(path, page);
    }
}
