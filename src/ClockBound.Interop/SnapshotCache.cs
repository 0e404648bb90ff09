using System.Runtime.CompilerServices;

namespace ClockBound.Interop;

/// <summary>
/// The last good snapshot of a shared-memory page and the sequence word it was read under, shared
/// by every thread of one reader: a seqlock in managed memory, so that reusing the snapshot needs no
/// lock, no allocation and no thread-local storage (whose lookup costs more than the reuse saves).
/// </summary>
/// <remarks>
/// A mutable struct: keep it in a field and call it there, never on a copy. Any thread may publish;
/// a thread that finds another publishing gives up (the other's value is as fresh), so publishing
/// never waits. Readers retry nothing: a torn read is simply a miss.
/// </remarks>
/// <typeparam name="T">The snapshot; unmanaged, so a torn copy is harmless bytes that the sequence check discards.</typeparam>
public struct SnapshotCache<T> where T : unmanaged
{
    // Even: stable. Odd: a thread is replacing the entry. 0: never filled (so a key of 0 is usable).
    private int _sequence;
    private uint _key;
    private T _value;
    private long _order;

    /// <summary>The cached snapshot if it was read under <paramref name="key"/> (and was not being replaced).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(uint key, out T value)
    {
        int before = Volatile.Read(ref _sequence);
        uint cachedKey = _key;
        value = _value;
        // Keeps the two loads above before the second sequence load (a no-op on x86, a load fence on arm64).
        Volatile.ReadBarrier();
        return Volatile.Read(ref _sequence) == before && (before & 1) == 0 && before != 0 && cachedKey == key;
    }

    /// <summary>The cached snapshot whatever its key, if there is one (the "last good snapshot").</summary>
    public bool TryGetAny(out T value, out uint key)
    {
        for (int attempt = 0; attempt < 16; attempt++)
        {
            int before = Volatile.Read(ref _sequence);
            key = _key;
            value = _value;
            Volatile.ReadBarrier();
            if (before == 0)
            {
                break;
            }
            if ((before & 1) == 0 && Volatile.Read(ref _sequence) == before)
            {
                return true;
            }
            Thread.SpinWait(1 << attempt);
        }
        value = default;
        key = 0;
        return false;
    }

    /// <summary>
    /// Replaces the entry with <paramref name="value"/>, read under <paramref name="key"/>, if the
    /// page still carries that key (<paramref name="liveKey"/>), <paramref name="order"/> is not
    /// below the entry's, and no other thread is replacing the entry right now (then that thread's
    /// value stands). Key and order are checked inside the exclusive window, so every entry was the
    /// page's state at the instant it was published, and entries follow one another in the page's
    /// own order: the cache never goes back to an older snapshot.
    /// </summary>
    /// <param name="liveKey">The page's sequence word, read again here.</param>
    /// <param name="key">The sequence word <paramref name="value"/> was read under.</param>
    /// <param name="value">The snapshot.</param>
    /// <param name="order">
    /// Where the snapshot stands in the page's history (a segment's as_of, which a daemon only
    /// moves forward), or 0 for every snapshot if the page has no such field. It guards against a
    /// key that wrapped: a thread stalled between its copy and this call while the writer made
    /// exactly a whole cycle of updates finds its old key live again, but not its old order.
    /// </param>
    /// <returns>Whether the entry was replaced.</returns>
    public unsafe bool Publish(uint* liveKey, uint key, in T value, long order)
    {
        int before = Volatile.Read(ref _sequence);
        if ((before & 1) != 0 || Interlocked.CompareExchange(ref _sequence, before + 1, before) != before)
        {
            return false;
        }
        // The exchange is a full fence: the checks below and the stores after it cannot move before it.
        bool current = Volatile.Read(ref *liveKey) == key && (before == 0 || order >= _order);
        if (current)
        {
            _key = key;
            _value = value;
            _order = order;
        }
        // Release: the stores are visible before the even sequence. Skipping 0 keeps "never filled"
        // distinct after 2^31 publications; an entry never filled stays so when nothing was stored.
        int after = unchecked(before + 2);
        Volatile.Write(ref _sequence, before == 0 && !current ? 0 : after == 0 ? 2 : after);
        return current;
    }
}
