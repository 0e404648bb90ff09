namespace ClockBound.Chrony;

/// <summary>Where chronyd's command socket usually is.</summary>
public static class ChronySocketPaths
{
    /// <summary>chronyd's compiled-in default <c>bindcmdaddress</c>.</summary>
    public const string Default = "/run/chrony/chronyd.sock";

    /// <summary>The same socket on distributions where <c>/var/run</c> is not a link to <c>/run</c>.</summary>
    public const string Fallback = "/var/run/chrony/chronyd.sock";

    /// <summary>
    /// <see cref="Default"/> if it exists, else <see cref="Fallback"/> if that exists, else
    /// <see cref="Default"/> (so that the error from <see cref="ChronyConnection.Open"/> names the
    /// usual path).
    /// </summary>
    public static string ResolveDefault() => Resolve(File.Exists);

    /// <summary><see cref="ResolveDefault"/> with the existence check supplied (for tests).</summary>
    internal static string Resolve(Func<string, bool> exists) =>
        exists(Default) ? Default
        : exists(Fallback) ? Fallback
        : Default;
}
