using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ClockBound.Daemon;

/// <summary>
/// <c>--metrics-listen ADDR:PORT</c>: an IPv4 address or a bracketed IPv6 address, and a TCP port
/// 1..65535 (<c>127.0.0.1:9464</c>, <c>[::1]:9464</c>, <c>0.0.0.0:9464</c> for every address).
/// Parsing is pure.
/// </summary>
/// <param name="Address">The address to listen on.</param>
/// <param name="Port">The TCP port.</param>
internal sealed record MetricsListenAddress(IPAddress Address, int Port)
{
    /// <summary>The flag's name, for messages.</summary>
    public const string Flag = "--metrics-listen";

    /// <summary>What the flag takes, for messages.</summary>
    public const string Allowed = "ADDR:PORT, an IP address of this host and a TCP port 1-65535 (127.0.0.1:9464, [::1]:9464, 0.0.0.0:9464)";

    /// <summary>Whether this listens on every address (0.0.0.0 or ::).</summary>
    public bool IsAny => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    /// <summary>ADDR:PORT as the operator wrote it, normalised (IPv6 in brackets).</summary>
    public override string ToString() =>
        (Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString()) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetricsListenAddress? address, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"{Flag}: '{text}' is not ADDR:PORT; give {Allowed}";
            return false;
        }
        string host = text[..colon];
        string portText = text[(colon + 1)..];
        bool bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (bracketed)
        {
            host = host[1..^1];
        }
        if (!IPAddress.TryParse(host, out IPAddress? ip)
            || (ip.AddressFamily == AddressFamily.InterNetworkV6) != bracketed
            || (ip.AddressFamily == AddressFamily.InterNetwork && host.Count(c => c == '.') != 3))
        {
            // IPAddress.TryParse also takes "1" or "10.1"; only the four-part form is meant.
            error = $"{Flag}: '{host}' is not an IP address (an IPv6 address goes in brackets: [::1]:9464); give {Allowed}. Host names are not taken";
            return false;
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            error = $"{Flag}: the port '{portText}' is not a whole number from 1 to 65535";
            return false;
        }
        address = new MetricsListenAddress(ip, port);
        error = null;
        return true;
    }
}
