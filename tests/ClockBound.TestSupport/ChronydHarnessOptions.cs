namespace ClockBound.TestSupport;

/// <summary>What a <see cref="ChronydHarness"/> starts.</summary>
public sealed record ChronydHarnessOptions
{
    /// <summary>
    /// Whether to start the NTP server chronyd and point the client at it (default true). False:
    /// the client has no NTP source, only what <see cref="ClientConfig"/> gives it (e.g. a
    /// <c>refclock SOCK</c>), or nothing at all (it then stays unsynchronised).
    /// </summary>
    public bool WithNtpServer { get; init; } = true;

    /// <summary>
    /// Extra chrony.conf lines for the client, e.g. <c>refclock SOCK {dir}/phc.sock refid PHC0 poll -2</c>
    /// (<c>{dir}</c> stands for the client's directory).
    /// </summary>
    public IReadOnlyList<string> ClientConfig { get; init; } = [];

    /// <summary>Extra chrony.conf lines for the server.</summary>
    public IReadOnlyList<string> ServerConfig { get; init; } = [];

    /// <summary>
    /// The user the client chronyd runs as (default root); e.g. <c>_chrony</c>, to give code under
    /// test the socket directory a host's chronyd has (owned by chronyd's user, mode 0770).
    /// </summary>
    public string ClientUser { get; init; } = "root";
}
