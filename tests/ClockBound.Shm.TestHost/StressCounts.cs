using System.Globalization;

namespace ClockBound.Shm.TestHost;

/// <summary>What a stress reader saw; printed and parsed as <c>key=value</c> pairs.</summary>
internal sealed class StressCounts
{
    /// <summary>ReadFresh calls that returned a snapshot.</summary>
    public long Reads { get; set; }

    /// <summary>Snapshots that were not exactly the value of one k (torn or corrupt).</summary>
    public long Inconsistent { get; set; }

    /// <summary>Snapshots older than one this thread had already seen.</summary>
    public long Regressions { get; set; }

    /// <summary>Snapshots with a k different from the previous one (values actually changing).</summary>
    public long Changes { get; set; }

    /// <summary>ReadFresh calls that threw after the reader's first good snapshot (none should).</summary>
    public long Errors { get; set; }

    /// <summary>The highest k seen.</summary>
    public long LastK { get; set; }

    /// <summary>Adds another reader's counts.</summary>
    public void Add(StressCounts other)
    {
        Reads += other.Reads;
        Inconsistent += other.Inconsistent;
        Regressions += other.Regressions;
        Changes += other.Changes;
        Errors += other.Errors;
        LastK = Math.Max(LastK, other.LastK);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"reads={Reads} inconsistent={Inconsistent} regressions={Regressions} changes={Changes} errors={Errors} lastK={LastK}");

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    public static StressCounts Parse(string line)
    {
        Dictionary<string, long> fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
        return new StressCounts
        {
            Reads = fields["reads"],
            Inconsistent = fields["inconsistent"],
            Regressions = fields["regressions"],
            Changes = fields["changes"],
            Errors = fields["errors"],
            LastK = fields["lastK"],
        };
    }
}
