using ClockBound;

// The client reads a Linux shared-memory segment: say so to the platform analyzer, as an app that
// also builds for other systems would.
if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("ClockBound runs on Linux only");
    return 2;
}

string path = args.Length > 0 ? args[0] : "/var/run/clockbound/shm0";
using ClockBoundClient clock = ClockBoundClient.Open(path);
if (!clock.TryNow(out ClockBoundNow now, out ClockBoundException? error))
{
    Console.Error.WriteLine($"error={error.Kind}: {error.Message}");
    return 1;
}

Console.WriteLine($"status={now.Status}");
Console.WriteLine($"reliable={now.IsReliable}");
Console.WriteLine($"bound_ns={now.BoundNanoseconds}");
Console.WriteLine($"earliest_ns={now.Earliest.UnixTimeNanoseconds}");
Console.WriteLine($"latest_ns={now.Latest.UnixTimeNanoseconds}");
return 0;
