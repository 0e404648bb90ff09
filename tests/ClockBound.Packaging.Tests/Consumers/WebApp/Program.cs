using ClockBound;

// This app runs on Linux, as the daemon does (docs/client.md, "Platforms").
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

var builder = WebApplication.CreateBuilder(args);
builder.AddClockBound();                              // the "ClockBound" section: SegmentPath, ...
builder.Services.AddHealthChecks().AddClockBound();

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapGet("/now", (IClockBound clock) => clock.Now().ToString());
app.Run();
