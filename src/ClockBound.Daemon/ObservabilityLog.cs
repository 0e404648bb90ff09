using Microsoft.Extensions.Logging;

namespace ClockBound.Daemon;

/// <summary>The log lines of the metrics endpoint and the condition file.</summary>
internal static partial class ObservabilityLog
{
    [LoggerMessage(140, LogLevel.Information, "Metrics: serving Prometheus text on http://{Endpoint}/metrics (--metrics-listen)")]
    public static partial void MetricsListening(ILogger logger, string endpoint);

    [LoggerMessage(141, LogLevel.Critical, "Cannot serve metrics on {Endpoint} (--metrics-listen): {Reason}. Give a free port on an address of this host, or leave --metrics-listen out")]
    public static partial void MetricsListenFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(142, LogLevel.Error, "Cannot write the daemon's condition to {Path}: {Reason}; clockboundctl status will not show it (retried at the next change)")]
    public static partial void ConditionFileFailed(ILogger logger, string path, string reason);

    [LoggerMessage(143, LogLevel.Information, "Daemon condition: {Condition}")]
    public static partial void ConditionChanged(ILogger logger, string condition);
}
