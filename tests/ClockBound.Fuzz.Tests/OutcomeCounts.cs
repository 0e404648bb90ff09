namespace ClockBound.Fuzz.Tests;

/// <summary>How many inputs ended in each outcome ("decoded", "rejected: ...", ...); thread-safe.</summary>
internal sealed class OutcomeCounts
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long Total { get; private set; }

    public void Add(string outcome)
    {
        lock (_gate)
        {
            _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
            Total++;
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return $"{Total} inputs (" + string.Join(", ", _counts.Select(pair => $"{pair.Key} {pair.Value}")) + ")";
        }
    }
}
