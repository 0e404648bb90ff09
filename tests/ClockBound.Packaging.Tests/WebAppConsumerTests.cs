using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ClockBound.Packaging.Tests;

/// <summary>
/// (d) An ASP.NET Core app built from the packages, with AddClockBound and the health check,
/// started for real against the real daemon: its /healthz answers Healthy over HTTP on loopback.
/// </summary>
[Collection(ConsumerCollection.Name)]
public sealed partial class WebAppConsumerTests(ConsumerSuite suite, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheHealthEndpointOfAnAspNetCoreAppAnswersHealthyAgainstASynchronizedDaemon()
    {
        suite.BuildWithoutWarnings("WebApp");
        SynchronizedDaemon daemon = suite.Daemon;

        // Port 0: Kestrel takes a free loopback port and logs it. The segment path comes from
        // configuration (the command line provider), as an operator would set it.
        using DaemonProcess app = DaemonProcess.Start("dotnet",
            [suite.OutputAssembly("WebApp"), "--urls", "http://127.0.0.1:0", $"--ClockBound:SegmentPath={daemon.SegmentPath}"]);
        string listening = app.WaitForOutput("Now listening on: http://127.0.0.1:", Patience);
        Uri baseAddress = new(ListeningUrl().Match(listening).Value);
        output.WriteLine($"app listening on {baseAddress}");

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using HttpResponseMessage health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        string body = await health.Content.ReadAsStringAsync();
        string now = await http.GetStringAsync(new Uri("/now", UriKind.Relative));
        output.WriteLine($"GET /healthz: {(int)health.StatusCode} {body}\nGET /now: {now}");
        output.WriteLine(string.Join('\n', suite.Timings));
        Assert.True(health.StatusCode == HttpStatusCode.OK && body == "Healthy",
            $"GET /healthz: {(int)health.StatusCode} {body}\napp:\n{app.Output}\ndaemon:\n{daemon.Output}");
        Assert.EndsWith("Synchronized", now, StringComparison.Ordinal);

        // The host stops cleanly on SIGTERM, as under systemd.
        app.Signal(Signals.Term);
        Assert.Equal(0, app.WaitForExit(Patience));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningUrl();
}
