namespace ClockBound.Chrony;

/// <summary>What a read-only query returned, and which way it reached chronyd.</summary>
/// <typeparam name="T">The query's result.</typeparam>
/// <param name="Value">The result.</param>
/// <param name="Transport">The transport that answered.</param>
/// <param name="Server">chronyd's socket path, or <c>ADDRESS:PORT</c>.</param>
/// <param name="UnixFailure">Why the Unix socket was not used, when UDP answered; null otherwise.</param>
public sealed record ChronyQueryResult<T>(T Value, ChronyTransport Transport, string Server, ChronyException? UnixFailure);
