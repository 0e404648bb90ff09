using System.Diagnostics.Metrics;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ClockBound.Daemon;

/// <summary>
/// <c>--metrics-listen</c>: the Prometheus text exposition of <see cref="MetricsInstruments"/> on
/// <c>GET /metrics</c>, served by OpenTelemetry's Prometheus exporter on an <see cref="HttpListener"/>
/// (its own threads; a scrape never takes the loop's lock). Scrapes are not cached, so each one
/// reads the values of that moment.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly Meter _meter;
    private readonly MeterProvider _provider;

    private MetricsEndpoint(Meter meter, MeterProvider provider)
    {
        _meter = meter;
        _provider = provider;
    }

    /// <summary>Starts serving on <paramref name="address"/>.</summary>
    /// <exception cref="MetricsListenException">The address cannot be listened on (in use, not an address of this host, no permission).</exception>
    public static MetricsEndpoint Start(MetricsListenAddress address, DaemonObserver observer, IDaemonClock clock, string version, long startedRealtimeNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(address);
        var meter = new Meter(MetricsInstruments.MeterName, version);
        try
        {
            MetricsInstruments.Register(meter, observer, clock, version, startedRealtimeNanoseconds);
            MeterProvider provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(MetricsInstruments.MeterName)
                .AddPrometheusHttpListener(o =>
                {
                    // HttpListener matches a request's Host header against this: "*" for every address.
                    o.Host = address.IsAny ? "*" : address.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address.Address}]" : address.Address.ToString();
                    o.Port = address.Port;
                    o.ScrapeEndpointPath = "/metrics";
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    o.ScopeInfoEnabled = false;
                    o.TargetInfoEnabled = false;
                })
                .Build();
            return new MetricsEndpoint(meter, provider);
        }
        catch (InvalidOperationException e) when (e.InnerException is HttpListenerException or System.Net.Sockets.SocketException)
        {
            meter.Dispose();
            throw new MetricsListenException(e.InnerException.Message, e);
        }
        catch
        {
            meter.Dispose();
            throw;
        }
    }

    /// <summary>Stops serving.</summary>
    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }
}
