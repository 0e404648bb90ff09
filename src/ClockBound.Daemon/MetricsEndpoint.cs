using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClockBound.Daemon;

/// <summary>
/// <c>--metrics-listen</c>: <c>GET /metrics</c> answered with the Prometheus text of
/// <see cref="MetricsInstruments"/>, over a plain TCP socket served by one thread of its own (a
/// scrape never takes the loop's lock). Each scrape reads the observable instruments through a
/// <see cref="MeterListener"/> at that moment. Requests are handled one at a time, each with a
/// 5 s limit to send its request line and to read the answer.
/// </summary>
/// <remarks>
/// Hand-written rather than OpenTelemetry's Prometheus exporter: that one is AOT-clean, but with it
/// the NativeAOT daemon's resident memory rose past 16 MB (see docs/operations.md, "Metrics").
/// </remarks>
internal sealed class MetricsEndpoint : IDisposable
{
    private const int MaxRequestBytes = 8192;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);

    private readonly Meter _meter;
    private readonly MeterListener _listener;
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly Lock _scrapeGate = new();
    private readonly List<PrometheusExposition.Sample> _collected = [];

    private MetricsEndpoint(Meter meter, Socket socket)
    {
        _meter = meter;
        _socket = socket;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Collect(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Collect(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Collect(i, v, tags));
        _listener.Start();
        _thread = new Thread(Serve) { IsBackground = true, Name = "clockbound http" };
        _thread.Start();
    }

    /// <summary>Starts serving on <paramref name="address"/>.</summary>
    /// <exception cref="MetricsListenException">The address cannot be listened on (in use, not an address of this host, no permission).</exception>
    public static MetricsEndpoint Start(MetricsListenAddress address, DaemonObserver observer, IDaemonClock clock, string version, long startedRealtimeNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(address);
        var meter = new Meter(MetricsInstruments.MeterName, version);
        var socket = new Socket(address.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true; // [::] takes IPv4 too, as 0.0.0.0 would
            }
            socket.Bind(new IPEndPoint(address.Address, address.Port));
            socket.Listen(16);
            MetricsInstruments.Register(meter, observer, clock, version, startedRealtimeNanoseconds);
            return new MetricsEndpoint(meter, socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            meter.Dispose();
            throw new MetricsListenException(e.Message, e);
        }
        catch
        {
            socket.Dispose();
            meter.Dispose();
            throw;
        }
    }

    /// <summary>The text a scrape returns now.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            _collected.Clear();
            _listener.RecordObservableInstruments();
            return PrometheusExposition.Write(_collected);
        }
    }

    /// <summary>Stops serving (the socket closes; the serving thread ends).</summary>
    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join(ClientTimeout);
        _listener.Dispose();
        _meter.Dispose();
    }

    // Under _scrapeGate: RecordObservableInstruments calls back on the scraping thread.
    private void Collect<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        _collected.Add(new PrometheusExposition.Sample(instrument, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray()));
    }

    private void Serve()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _socket.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // disposed: the daemon is stopping
            }
            using (client)
            {
                try
                {
                    Answer(client);
                }
                catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
                {
                    // The client went away or was too slow: nothing to tell it.
                }
            }
        }
    }

    private void Answer(Socket client)
    {
        client.ReceiveTimeout = (int)ClientTimeout.TotalMilliseconds;
        client.SendTimeout = (int)ClientTimeout.TotalMilliseconds;
        string? requestLine = ReadRequestLine(client);
        if (requestLine is null)
        {
            return;
        }
        string[] parts = requestLine.Split(' ');
        string method = parts[0];
        string target = parts.Length > 1 ? parts[1] : "";
        int query = target.IndexOf('?', StringComparison.Ordinal);
        string path = query >= 0 ? target[..query] : target;
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            Respond(client, "400 Bad Request", "text/plain; charset=utf-8", "not an HTTP/1 request\n", withBody: true);
        }
        else if (path != "/metrics")
        {
            Respond(client, "404 Not Found", "text/plain; charset=utf-8", "the metrics are at /metrics\n", withBody: method != "HEAD");
        }
        else if (method is not ("GET" or "HEAD"))
        {
            Respond(client, "405 Method Not Allowed", "text/plain; charset=utf-8", "GET /metrics\n", withBody: true);
        }
        else
        {
            Respond(client, "200 OK", PrometheusExposition.ContentType, Scrape(), withBody: method == "GET");
            // A scrape's garbage (~20 kB) would otherwise pile up to the gen0 budget, which follows the
            // CPU's cache size (15 MB more resident memory here): collect it now, a few µs of nothing live.
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        }
    }

    // Reads the request's head (up to the blank line, at most MaxRequestBytes); returns its first line.
    private static string? ReadRequestLine(Socket client)
    {
        byte[] buffer = new byte[MaxRequestBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = client.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
            {
                break;
            }
            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }
        int end = buffer.AsSpan(0, length).IndexOf("\r\n"u8);
        return end > 0 ? Encoding.ASCII.GetString(buffer, 0, end) : null;
    }

    private static void Respond(Socket client, string status, string contentType, string body, bool withBody)
    {
        byte[] content = Encoding.UTF8.GetBytes(body);
        byte[] head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        client.Send(head);
        if (withBody)
        {
            client.Send(content);
        }
        client.Shutdown(SocketShutdown.Send);
    }
}
