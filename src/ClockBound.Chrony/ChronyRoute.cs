namespace ClockBound.Chrony;

/// <summary>One way to reach chronyd, for <see cref="ChronyRouteSelection"/>.</summary>
/// <typeparam name="TClient">The connection it opens.</typeparam>
/// <param name="Transport">Which transport.</param>
/// <param name="Server">chronyd's socket path, or <c>ADDRESS:PORT</c>.</param>
/// <param name="Open">Opens the connection.</param>
internal sealed record ChronyRoute<TClient>(ChronyTransport Transport, string Server, Func<TClient> Open)
    where TClient : IDisposable;
