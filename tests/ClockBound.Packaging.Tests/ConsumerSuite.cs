using System.Diagnostics;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace ClockBound.Packaging.Tests;

/// <summary>
/// What every consumer test starts from, made once per run: the packable projects packed (one
/// <c>dotnet pack</c> of the solution, with a version of this run's own) into a local feed, and a
/// workspace of fresh consumer projects (copied from <c>Consumers/</c>) that restore from that feed
/// and from the machine's registry, restored once. The real daemon is started on first use.
/// </summary>
/// <remarks>
/// The version is unique to the run (<c>0.1.0-c&lt;guid&gt;</c>) because NuGet caches a package by id
/// and version in the machine-wide global packages folder: a fixed version would restore whatever
/// an earlier run (or another checkout) packed. Those cache entries are deleted on dispose.
/// </remarks>
public sealed partial class ConsumerSuite : IDisposable
{
    /// <summary>The name of the local feed in the consumers' nuget.config.</summary>
    public const string FeedName = "clockbound-local";

    private readonly string _root;
    private readonly Lazy<SynchronizedDaemon> _daemon = new(() => new SynchronizedDaemon());
    private readonly List<string> _timings = [];

    public ConsumerSuite()
    {
        _root = Directory.CreateTempSubdirectory("clockbound-consumers-").FullName;
        Version = $"{Repository.Version}-c{Guid.NewGuid():N}";
        Feed = Path.Combine(_root, "feed");
        Workspace = Path.Combine(_root, "consumers");
        try
        {
            Timed("pack", () => DotNetCli.Run(Repository.Root,
                ["pack", Repository.Solution, "-c", Repository.Configuration, "--no-build", "-p:BuildProjectReferences=false", "-nologo", "-o", Feed,
                 $"-p:PackageVersion={Version}"]).ThrowIfFailed("dotnet pack of the solution"));
            CreateWorkspace();
            // Not checked here: NuGet restores each project on its own, so one that cannot be
            // restored fails its own test (with this output), not every test.
            Restore = Timed("restore", () => DotNetCli.Run(Workspace, ["restore", "Consumers.slnx", "-nologo"]));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The package version this run packed (and the consumers reference).</summary>
    public string Version { get; }

    /// <summary>The local feed: a folder of .nupkg and .snupkg files.</summary>
    public string Feed { get; }

    /// <summary>The consumer projects' root (nuget.config, Consumers.slnx, one folder per project).</summary>
    public string Workspace { get; }

    /// <summary>The one restore of all consumer projects.</summary>
    public ProcessResult Restore { get; private set; } = new(0, "", "");

    /// <summary>A real daemon synchronised to a private chronyd (started on first use, then shared).</summary>
    public SynchronizedDaemon Daemon => _daemon.Value;

    /// <summary>How long each step took, for the test output.</summary>
    public IReadOnlyList<string> Timings => _timings;

    /// <summary>The path of a package in the feed.</summary>
    public string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>The directory of consumer project <paramref name="name"/>.</summary>
    public string Project(string name) => Path.Combine(Workspace, name);

    /// <summary>
    /// Builds consumer project <paramref name="name"/> (Release, restored already) with every
    /// warning an error, MSBuild's and NuGet's included, and returns the result (not checked).
    /// </summary>
    public ProcessResult Build(string name) =>
        Timed($"build {name}", () => DotNetCli.Run(Project(name),
            ["build", "-c", "Release", "--no-restore", "-nologo", "-warnaserror"]));

    /// <summary>Builds <paramref name="name"/> and fails unless it built with no warning and no error.</summary>
    public void BuildWithoutWarnings(string name)
    {
        ProcessResult result = Build(name);
        string output = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, $"{name} did not build:\n{output}\n(the restore said: {Restore.StandardOutput}{Restore.StandardError})");
        Assert.DoesNotMatch(WarningLine(), output);
    }

    /// <summary>The output assembly of consumer project <paramref name="name"/>.</summary>
    public string OutputAssembly(string name) => Path.Combine(Project(name), "bin", "Release", "net10.0", name + ".dll");

    /// <summary>Runs <paramref name="what"/>, noting how long it took.</summary>
    public T Timed<T>(string what, Func<T> step)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return step();
        }
        finally
        {
            lock (_timings)
            {
                _timings.Add($"{what}: {clock.Elapsed.TotalSeconds:F1} s");
            }
        }
    }

    public void Dispose()
    {
        if (_daemon.IsValueCreated)
        {
            _daemon.Value.Dispose();
        }
        ForgetCachedPackages();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory must not fail the run.
        }
    }

    private void CreateWorkspace()
    {
        string templates = Path.Combine(AppContext.BaseDirectory, "Consumers");
        foreach (string file in Directory.EnumerateFiles(templates, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(Workspace, Path.GetRelativePath(templates, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, File.ReadAllText(file).Replace("@CLOCKBOUND_VERSION@", Version, StringComparison.Ordinal));
        }
        // The registry as this machine reaches it, read before the workspace has a nuget.config.
        IReadOnlyList<(string Name, string Url)> registries = MachineSources(Workspace);
        File.WriteAllText(Path.Combine(Workspace, "nuget.config"), NuGetConfig(Feed, registries));
        var solution = new StringBuilder("<Solution>\n");
        foreach (string project in Directory.EnumerateFiles(Workspace, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            solution.Append($"  <Project Path=\"{Path.GetRelativePath(Workspace, project)}\" />\n");
        }
        File.WriteAllText(Path.Combine(Workspace, "Consumers.slnx"), solution.Append("</Solution>\n").ToString());
    }

    /// <summary>The enabled package sources of the machine's NuGet configuration (<c>dotnet nuget list source</c>).</summary>
    private static List<(string Name, string Url)> MachineSources(string directory)
    {
        string listing = DotNetCli.Run(directory, ["nuget", "list", "source"]).ThrowIfFailed("dotnet nuget list source").StandardOutput;
        var sources = new List<(string, string)>();
        string[] lines = listing.Split('\n', StringSplitOptions.TrimEntries);
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            Match match = SourceLine().Match(lines[i]);
            if (match.Success && match.Groups["state"].Value == "Enabled")
            {
                sources.Add((match.Groups["name"].Value, lines[i + 1]));
            }
        }
        if (sources.Count == 0)
        {
            throw new InvalidOperationException($"no enabled NuGet source on this machine:\n{listing}");
        }
        return sources;
    }

    /// <summary>
    /// The local feed and the registries, with package source mapping: ClockBound packages come only
    /// from the local feed (never a same-named package from a registry), everything else from the registries.
    /// </summary>
    private static string NuGetConfig(string feed, IReadOnlyList<(string Name, string Url)> registries)
    {
        var config = new StringBuilder();
        config.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n");
        config.Append($"    <add key=\"{FeedName}\" value=\"{SecurityElement.Escape(feed)}\" />\n");
        foreach ((string name, string url) in registries)
        {
            config.Append($"    <add key=\"{SecurityElement.Escape(name)}\" value=\"{SecurityElement.Escape(url)}\" />\n");
        }
        config.Append("  </packageSources>\n  <packageSourceMapping>\n");
        config.Append($"    <packageSource key=\"{FeedName}\">\n      <package pattern=\"ClockBound.*\" />\n    </packageSource>\n");
        foreach ((string name, _) in registries)
        {
            config.Append($"    <packageSource key=\"{SecurityElement.Escape(name)}\">\n      <package pattern=\"*\" />\n    </packageSource>\n");
        }
        config.Append("  </packageSourceMapping>\n</configuration>\n");
        return config.ToString();
    }

    /// <summary>Deletes this run's packages from the machine's global packages folder.</summary>
    private void ForgetCachedPackages()
    {
        try
        {
            ProcessResult locals = DotNetCli.Run(_root, ["nuget", "locals", "global-packages", "--list"], TimeSpan.FromMinutes(1));
            Match match = GlobalPackagesLine().Match(locals.StandardOutput);
            if (locals.ExitCode != 0 || !match.Success)
            {
                return;
            }
            string cache = match.Groups["path"].Value.Trim();
            foreach (string id in Directory.Exists(cache) ? Directory.EnumerateDirectories(cache, "clockbound.*") : [])
            {
                string version = Path.Combine(id, Version.ToLowerInvariant());
                if (Directory.Exists(version))
                {
                    Directory.Delete(version, recursive: true);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            // Only disk space is lost: the version is never asked for again.
        }
    }

    [GeneratedRegex(@"^\d+\.\s+(?<name>.+?)\s+\[(?<state>Enabled|Disabled)\]$")]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"global-packages:\s*(?<path>.+)")]
    private static partial Regex GlobalPackagesLine();

    [GeneratedRegex(@"(?m):\s+warning\s+[A-Za-z]*\d*\s*:")]
    private static partial Regex WarningLine();
}

/// <summary>The consumer tests share one pack, one workspace and one daemon, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ConsumerCollection : ICollectionFixture<ConsumerSuite>
{
    public const string Name = "consumers";
}
