using System.Runtime.CompilerServices;

namespace ClockBound.Shm;

/// <summary>
/// One value shared by many threads without a lock: a seqlock in managed memory, so that reading it
/// needs no lock, no allocation and no thread-local storage. Publications must be serialised by
/// the caller (one publisher at a time); readers retry nothing: a read that overlaps a publication
/// is simply a miss.
/// </summary>
/// <remarks>A mutable struct: keep it in a field and call it there, never on a copy.</remarks>
/// <typeparam name="T">Unmanaged, so a torn copy is harmless bytes that the sequence check discards.</typeparam>
internal struct SnapshotCache<T> where T : unmanaged
{
    // Even: stable. Odd: being replaced. 0: never filled.
    private int _sequence;
    private T _value;
    private long _stamp;

    /// <summary>The value and its stamp (a number the publisher chose), unless none was published yet or one is being published right now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(out T value, out long stamp)
    {
        int before = Volatile.Read(ref _sequence);
        value = _value;
        stamp = _stamp;
        // Keeps the copy above before the second sequence load (a no-op on x86, a load fence on arm64).
        Volatile.ReadBarrier();
        return Volatile.Read(ref _sequence) == before && (before & 1) == 0 && before != 0;
    }

    /// <summary>Replaces the value. Callers must not publish concurrently.</summary>
    public void Publish(in T value, long stamp)
    {
        int before = _sequence;
        Volatile.Write(ref _sequence, before + 1);
        // The odd sequence must be visible before any store of the value (a release store alone
        // orders only what precedes it).
        Interlocked.MemoryBarrier();
        _value = value;
        _stamp = stamp;
        int after = unchecked(before + 2);
        Volatile.Write(ref _sequence, after == 0 ? 2 : after);
    }
}
