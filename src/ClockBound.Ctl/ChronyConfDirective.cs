namespace ClockBound.Ctl;

/// <summary>One directive of a chrony configuration file.</summary>
/// <param name="Name">The directive, lower case (chronyd reads names case-insensitively).</param>
/// <param name="Arguments">The words after it.</param>
/// <param name="File">The file it is in.</param>
/// <param name="Line">Its line number (1-based).</param>
internal sealed record ChronyConfDirective(string Name, IReadOnlyList<string> Arguments, string File, int Line)
{
    /// <summary><c>FILE:LINE</c>, for messages.</summary>
    public string Where => $"{File}:{Line}";
}
