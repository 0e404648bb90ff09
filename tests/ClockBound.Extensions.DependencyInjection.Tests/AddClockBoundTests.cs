using ClockBound.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClockBound.Extensions.DependencyInjection.Tests;

/// <summary>Registration, options binding and validation, without a host.</summary>
public sealed class AddClockBoundTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    [Fact]
    public void DefaultsAreTheDaemonsPaths()
    {
        using ServiceProvider provider = new ServiceCollection().AddClockBound().BuildServiceProvider();
        ClockBoundOptions options = provider.GetRequiredService<IOptions<ClockBoundOptions>>().Value;
        Assert.Equal("/var/run/clockbound/shm0", options.SegmentPath);
        Assert.Equal("/dev/vmclock0", options.VMClockPath);
        Assert.Null(options.MaxDataAge);
        Assert.Equal("/var/run/clockbound/shm0", provider.GetRequiredService<ClockBoundClient>().Path);
    }

    [Fact]
    public void OptionsAreBoundFromTheConfigurationSection()
    {
        IConfiguration configuration = Configuration(
            ("ClockBound:SegmentPath", "/run/test/shm0"),
            ("ClockBound:VMClockPath", "/run/test/vmclock"),
            ("ClockBound:MaxDataAge", "00:00:10"));
        using ServiceProvider provider = new ServiceCollection()
            .AddClockBound(configuration.GetSection("ClockBound"))
            .BuildServiceProvider();
        ClockBoundOptions options = provider.GetRequiredService<IOptions<ClockBoundOptions>>().Value;
        Assert.Equal("/run/test/shm0", options.SegmentPath);
        Assert.Equal("/run/test/vmclock", options.VMClockPath);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxDataAge);
        Assert.Equal("/run/test/shm0", provider.GetRequiredService<ClockBoundClient>().Path);
    }

    [Fact]
    public void OptionsCanBeSetInCode()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddClockBound(o => o.SegmentPath = "/run/code/shm0")
            .BuildServiceProvider();
        Assert.Equal("/run/code/shm0", provider.GetRequiredService<ClockBoundClient>().Path);
    }

    [Fact]
    public void ARelativePathIsRejectedNamingTheConfigurationKey()
    {
        IConfiguration configuration = Configuration(
            ("ClockBound:SegmentPath", "run/shm0"),
            ("ClockBound:VMClockPath", " "),
            ("ClockBound:MaxDataAge", "-00:00:01"));
        using ServiceProvider provider = new ServiceCollection()
            .AddClockBound(configuration.GetSection("ClockBound"))
            .BuildServiceProvider();
        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IClockBound>());
        Assert.Equal(
            [
                "ClockBound:SegmentPath is 'run/shm0', a relative path: set it to an absolute path, e.g. /var/run/clockbound/shm0.",
                "ClockBound:VMClockPath is empty: set it to the file's absolute path, e.g. /dev/vmclock0, or remove it for the default.",
                "ClockBound:MaxDataAge is -00:00:01: set a positive age, e.g. 00:00:10 for 10 s, or remove it to turn the limit off.",
            ],
            e.Failures);
    }

    [Fact]
    public void ARelativePathSetInCodeIsRejectedNamingTheProperty()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddClockBound(o => o.SegmentPath = "shm0")
            .BuildServiceProvider();
        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ClockBoundClient>());
        Assert.StartsWith("ClockBoundOptions.SegmentPath is 'shm0'", Assert.Single(e.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void OneSingletonServesBothServiceTypesAndTheContainerDisposesIt()
    {
        ClockBoundClient client;
        using (ServiceProvider provider = new ServiceCollection().AddClockBound().BuildServiceProvider())
        {
            client = provider.GetRequiredService<ClockBoundClient>();
            Assert.Same(client, provider.GetRequiredService<IClockBound>());
            Assert.Same(client, provider.GetRequiredService<IClockBound>());
        }
        Assert.Throws<ObjectDisposedException>(() => client.Now());
    }

    [Fact]
    public void AClockRegisteredBeforeIsKept()
    {
        var fake = new FakeClockBound();
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton<IClockBound>(fake)
            .AddClockBound()
            .BuildServiceProvider();
        Assert.Same(fake, provider.GetRequiredService<IClockBound>());
    }

    [Fact]
    public void ClientMadeBeforeTheSegmentExistsReportsTheMissingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("shm0");
        using ServiceProvider provider = new ServiceCollection()
            .AddClockBound(o => o.SegmentPath = path)
            .BuildServiceProvider();
        var client = provider.GetRequiredService<ClockBoundClient>();
        Assert.False(client.TryNow(out _, out ClockBoundException? error));
        Assert.Equal(ClockBoundErrorKind.SystemCallFailed, error.Kind);
        Assert.Equal(2, error.Errno);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
