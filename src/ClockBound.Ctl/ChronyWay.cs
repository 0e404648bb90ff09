using System.Text.Json;
using ClockBound.Chrony;

namespace ClockBound.Ctl;

/// <summary>How a query reached chronyd, for output: in words and in JSON. Pure.</summary>
/// <param name="Transport">The transport that answered.</param>
/// <param name="Server">chronyd's socket path, or <c>ADDRESS:PORT</c>.</param>
/// <param name="UnixFailure">Why the Unix socket was not used, when UDP answered.</param>
internal sealed record ChronyWay(ChronyTransport Transport, string Server, ChronyException? UnixFailure)
{
    /// <summary>The way <paramref name="result"/> came.</summary>
    public static ChronyWay Of<T>(ChronyQueryResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Transport, result.Server, result.UnixFailure);
    }

    /// <summary>"unix" or "udp", the JSON <c>transport</c> value.</summary>
    public string TransportName => Transport == ChronyTransport.Udp ? "udp" : "unix";

    /// <summary>
    /// Null over the Unix socket (the usual way, not worth a word); over UDP, e.g.
    /// <c>over UDP at 127.0.0.1:323 (cannot connect to chronyd's command socket …)</c>.
    /// </summary>
    public string? UdpNote => Transport != ChronyTransport.Udp
        ? null
        : UnixFailure is { } failure
            ? $"over UDP at {Server} ({ErrorText.OneLine(failure.Message)})"
            : $"over UDP at {Server}";

    /// <summary>Writes <c>transport</c>, <c>chrony_server</c> and, after a fallback to UDP, <c>unix_socket_error</c>.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteString("transport", TransportName);
        json.WriteString("chrony_server", Server);
        if (UnixFailure is { } failure)
        {
            json.WriteString("unix_socket_error", ErrorText.OneLine(failure.Message));
        }
    }
}
