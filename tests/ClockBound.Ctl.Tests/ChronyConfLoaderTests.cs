using ClockBound.TestSupport;

namespace ClockBound.Ctl.Tests;

public sealed class ChronyConfLoaderTests
{
    /// <summary>Files in a dictionary; a directory is any prefix of a file's path.</summary>
    private sealed class MemoryFiles(Dictionary<string, string> files) : IConfFiles
    {
        public HashSet<string> Unreadable { get; } = [];

        public string ReadAllText(string path)
        {
            if (Unreadable.Contains(path))
            {
                throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
            }
            return files.TryGetValue(path, out string? text) ? text : throw new FileNotFoundException($"Could not find file '{path}'.");
        }

        public IReadOnlyList<string> ListFiles(string directory) =>
            [.. files.Keys.Where(f => Path.GetDirectoryName(f) == directory.TrimEnd('/'))];

        public IReadOnlyList<string> ListDirectories(string directory) =>
            [.. files.Keys.Select(Path.GetDirectoryName).Where(d => Path.GetDirectoryName(d) == directory.TrimEnd('/')).Distinct()!];
    }

    [Fact]
    public void FollowsIncludeConfdirAndSourcedirInChronydsOrder()
    {
        var files = new MemoryFiles(new()
        {
            ["/etc/chrony/chrony.conf"] = "server a\nconfdir /etc/chrony/conf.d /usr/lib/chrony/conf.d\nsourcedir /run/chrony-dhcp\ninclude /etc/chrony/extra/*.conf\nmakestep 1 3\n",
            ["/etc/chrony/conf.d/b.conf"] = "maxclockerror 50\n",
            ["/etc/chrony/conf.d/a.conf"] = "server conf-a\n",
            ["/etc/chrony/conf.d/a.txt"] = "server ignored\n",
            ["/usr/lib/chrony/conf.d/a.conf"] = "server shadowed\n", // same name as in the first directory: not read
            ["/usr/lib/chrony/conf.d/c.conf"] = "server conf-c\n",
            ["/run/chrony-dhcp/eth0.sources"] = "server dhcp\nmaxclockerror 1\n", // only source directives count there
            ["/etc/chrony/extra/z.conf"] = "leapsectz right/UTC\n",
        });

        ChronyConf conf = ChronyConfLoader.Load("/etc/chrony/chrony.conf", files);

        Assert.Empty(conf.Problems);
        Assert.Equal(
            ["server a", "server conf-a", "maxclockerror 50", "server conf-c", "server dhcp", "leapsectz right/UTC", "makestep 1 3"],
            conf.Directives.Select(d => string.Join(' ', [d.Name, .. d.Arguments])));
        Assert.Equal("/etc/chrony/conf.d/b.conf:1", conf.MaxClockError!.Where);
        Assert.Equal(6, conf.Files.Count);
    }

    [Fact]
    public void GlobInADirectoryComponent()
    {
        var files = new MemoryFiles(new()
        {
            ["/c/chrony.conf"] = "include /c/*/x.conf\n",
            ["/c/b/x.conf"] = "server b\n",
            ["/c/a/x.conf"] = "server a\n",
            ["/c/a/y.conf"] = "server y\n",
        });

        ChronyConf conf = ChronyConfLoader.Load("/c/chrony.conf", files);

        Assert.Equal(["a", "b"], conf.Directives.Select(d => d.Arguments[0]));
    }

    [Fact]
    public void AnIncludeLoopEndsWithAProblem()
    {
        var files = new MemoryFiles(new() { ["/c/chrony.conf"] = "include /c/chrony.conf\n" });

        ChronyConf conf = ChronyConfLoader.Load("/c/chrony.conf", files);

        Assert.Contains(conf.Problems, p => p.Contains("more than 10 levels deep", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnreadableIncludedFileIsAProblemNamingTheDirective()
    {
        var files = new MemoryFiles(new()
        {
            ["/c/chrony.conf"] = "include /c/secret.conf\nmaxclockerror 50\n",
            ["/c/secret.conf"] = "",
        });
        files.Unreadable.Add("/c/secret.conf");

        ChronyConf conf = ChronyConfLoader.Load("/c/chrony.conf", files);

        string problem = Assert.Single(conf.Problems);
        Assert.StartsWith("/c/chrony.conf:1: cannot read /c/secret.conf: ", problem);
        Assert.NotNull(conf.MaxClockError);
    }

    [Fact]
    public void AMissingMainFileNamesTheFlag()
    {
        var files = new MemoryFiles([]);
        ChronyConfException e = Assert.Throws<ChronyConfException>(() => ChronyConfLoader.Load("/etc/chrony/chrony.conf", files));
        Assert.Equal("cannot read chronyd's configuration /etc/chrony/chrony.conf: no such file; pass --chrony-conf PATH with the file chronyd reads (chronyd -f PATH, or its unit's command line)", e.Message);
    }

    [Fact]
    public void AnUnreadableMainFileOnDiskSaysPermissionDenied()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-conf-");
        string path = directory.Combine("chrony.conf");
        File.WriteAllText(path, "maxclockerror 50\n");
        // Root reads any file, so a directory stands in for the unreadable case on disk; the
        // permission text is covered with MemoryFiles below.
        ChronyConfException e = Assert.Throws<ChronyConfException>(() => ChronyConfLoader.Load(directory.Path, DiskConfFiles.Instance));
        Assert.Equal($"cannot read chronyd's configuration {directory.Path}: {directory.Path} is a directory; pass --chrony-conf PATH", e.Message);

        var files = new MemoryFiles(new() { ["/c/chrony.conf"] = "" });
        files.Unreadable.Add("/c/chrony.conf");
        e = Assert.Throws<ChronyConfException>(() => ChronyConfLoader.Load("/c/chrony.conf", files));
        Assert.Equal("cannot read chronyd's configuration /c/chrony.conf: permission denied; run doctor as root or pass --chrony-conf PATH to a readable copy", e.Message);
    }

    [Fact]
    public void ReadsRealFilesOnDisk()
    {
        using TempDirectory directory = TempDirectory.Create("clockboundctl-conf-");
        Directory.CreateDirectory(directory.Combine("conf.d"));
        File.WriteAllText(directory.Combine("chrony.conf"), $"confdir {directory.Combine("conf.d")}\n");
        File.WriteAllText(directory.Combine("conf.d/clockbound.conf"), "maxclockerror 50\n");

        ChronyConf conf = ChronyConfLoader.Load(directory.Combine("chrony.conf"), DiskConfFiles.Instance);

        Assert.Equal($"{directory.Combine("conf.d/clockbound.conf")}:1", conf.MaxClockError!.Where);
    }
}
