namespace ClockBound.Daemon;

/// <summary>
/// The <see cref="SampleFailure"/> kinds as the names the metrics and the condition file use
/// (<c>query_failed</c>, ...), and a dense index for counting them.
/// </summary>
internal static class SampleFailureNames
{
    private static readonly SampleFailure[] Kinds = Enum.GetValues<SampleFailure>().Where(k => k != SampleFailure.None).ToArray();
    private static readonly string[] Names = Kinds.Select(k => SnakeCase(k.ToString())).ToArray();

    /// <summary>How many failure kinds there are.</summary>
    public static int Count => Kinds.Length;

    /// <summary>Every failure kind, in declaration order.</summary>
    public static ReadOnlySpan<SampleFailure> All => Kinds;

    /// <summary>The index of <paramref name="failure"/> in <see cref="All"/>.</summary>
    public static int IndexOf(SampleFailure failure)
    {
        int index = Array.IndexOf(Kinds, failure);
        return index >= 0 ? index : throw new ArgumentOutOfRangeException(nameof(failure), failure, "not a failure kind");
    }

    /// <summary>The name of <paramref name="failure"/>: <c>QueryFailed</c> → <c>query_failed</c>.</summary>
    public static string NameOf(SampleFailure failure) => Names[IndexOf(failure)];

    private static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        foreach (char c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
