using System.Globalization;
using ClockBound;
using ClockBound.Shm;
using ClockBound.Shm.TestHost;

// Usage:
//   write <path> <version>  publish StressValue(k) every StressLoops.WriteIntervalMicroseconds until a line or EOF on stdin
//                           (at most StressLoops.MaximumDuration × 2); prints "ready", then "writes=<k>"
//   read  <path> <version>  ReadFresh in a loop (StressLoops.Read) checking every snapshot; prints StressCounts
//   write <path> <version> <interval-us>  the same, one update every interval-us (0: back to back), for up to 2 h (the soak)
//   soak  <path> <version> <reads> <threads>  ReadFresh from threads (a reader each) until <reads>
//                           in all, checking every snapshot; prints StressCounts
//   open  <path>            open and read the segment once; prints "uid=<n>", then "ok" or
//                           "error <Kind> <SystemCall|-> <Errno|->"
// Exit code 0 when the command ran (whatever it observed), 2 on bad usage.
return args switch
{
    ["write", string path, string version] => Write(path, Int(version), StressLoops.WriteIntervalMicroseconds, StressLoops.MaximumDuration * 2),
    ["write", string path, string version, string interval] => Write(path, Int(version), Int(interval), TimeSpan.FromHours(2)),
    ["soak", string path, string version, string reads, string threads] => Soak(path, Int(version), long.Parse(reads, CultureInfo.InvariantCulture), Int(threads)),
    ["read", string path, string version] => Read(path, Int(version)),
    ["open", string path] => Open(path),
    _ => Usage(),
};

static int Write(string path, int version, int intervalMicroseconds, TimeSpan limit)
{
    using SegmentWriter writer = SegmentWriter.Open(path, version);
    using var stop = new ManualResetEventSlim();
    // The test says when to stop (a line, or closing stdin); the limit only guards against a lost test.
    var stdin = new Thread(() =>
    {
        Console.In.ReadLine();
        stop.Set();
    }) { IsBackground = true };
    stdin.Start();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    long k = StressLoops.Write(writer, () => stop.IsSet || clock.Elapsed > limit,
        () => Console.Out.WriteLine("ready"), intervalMicroseconds);
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writes={k}"));
    return 0;
}

static int Soak(string path, int version, long reads, int threads)
{
    Console.Out.WriteLine(StressLoops.Soak(path, version, reads, threads).ToString());
    return 0;
}

static int Read(string path, int version)
{
    using SegmentReader reader = SegmentReader.Open(path);
    StressCounts counts = StressLoops.Read(reader, version);
    Console.Out.WriteLine(counts.ToString());
    return 0;
}

static int Open(string path)
{
    // The real uid, so the test can check that it really ran unprivileged.
    string uid = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
        .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
    Console.Out.WriteLine($"uid={uid}");
    try
    {
        using SegmentReader reader = SegmentReader.Open(path);
        reader.ReadFresh();
        Console.Out.WriteLine("ok");
    }
    catch (ClockBoundException e)
    {
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"error {e.Kind} {e.SystemCall ?? "-"} {(e.Errno is int errno ? errno.ToString(CultureInfo.InvariantCulture) : "-")}"));
    }
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: write <path> <version> [<interval-us>] | read <path> <version> | soak <path> <version> <reads> <threads> | open <path>");
    return 2;
}

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
