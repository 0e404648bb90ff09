using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>
/// The .deb and .rpm that <c>./package.sh --no-build</c> makes from the built NativeAOT binaries
/// (<c>$CLOCKBOUND_BIN_DIR</c>), into a temp directory, once for the whole collection; and the
/// clean Debian root with chrony that <c>scripts/debian-root.sh --shared chrony</c> makes (cached
/// under artifacts/debian-root, read-only: each test mounts its own overlay on it).
/// </summary>
public sealed class BuiltPackages : IDisposable
{
    private static readonly TimeSpan PackageTimeout = TimeSpan.FromMinutes(5);

    // A cold root is an mmdebstrap run (about 3-4 minutes here); warm it is a path.
    private static readonly TimeSpan RootTimeout = TimeSpan.FromMinutes(10);

    private readonly TempDirectory _directory = TempDirectory.Create("clockbound-packages-");
    private readonly Lazy<string> _sharedRoot = new(MakeSharedRoot);

    public BuiltPackages()
    {
        try
        {
            if (Environment.UserName != "root")
            {
                throw new InvalidOperationException("the package tests install into chroots and mount overlays: run them as root");
            }
            string binDirectory = Path.GetDirectoryName(ClockBoundBinaries.Daemon)!;
            ProcessRunner.Run(Path.Combine(ClockBoundBinaries.RepositoryRoot, "package.sh"),
                    ["--no-build", "--bin-dir", binDirectory, "--out-dir", _directory.Path], PackageTimeout)
                .ThrowIfFailed("./package.sh --no-build");
            Deb = Assert.Single(Directory.GetFiles(_directory.Path, "clockbound_*.deb"));
            Rpm = Assert.Single(Directory.GetFiles(_directory.Path, "clockbound-*.rpm"));
        }
        catch
        {
            _directory.Dispose();
            throw;
        }
    }

    /// <summary>artifacts/packages/clockbound_VERSION-REL_ARCH.deb, as built for this run.</summary>
    public string Deb { get; }

    /// <summary>clockbound-VERSION-REL.ARCH.rpm, as built for this run.</summary>
    public string Rpm { get; }

    /// <summary>The shared clean bookworm root with chrony (only ever a lower layer).</summary>
    public string SharedRoot => _sharedRoot.Value;

    /// <summary>The project's version (Directory.Build.props), which the packages carry.</summary>
    public static string Version
    {
        get
        {
            string props = File.ReadAllText(Path.Combine(ClockBoundBinaries.RepositoryRoot, "Directory.Build.props"));
            int start = props.IndexOf("<Version>", StringComparison.Ordinal) + "<Version>".Length;
            return props[start..props.IndexOf("</Version>", start, StringComparison.Ordinal)];
        }
    }

    public void Dispose() => _directory.Dispose();

    private static string MakeSharedRoot()
    {
        ProcessResult result = ProcessRunner.Run(Path.Combine(ClockBoundBinaries.RepositoryRoot, "scripts", "debian-root.sh"),
            ["--shared", "chrony"], RootTimeout).ThrowIfFailed("scripts/debian-root.sh --shared chrony");
        string path = result.StandardOutput.Trim().Split('\n')[^1];
        Assert.True(File.Exists(Path.Combine(path, "usr/sbin/chronyd")), $"{path} has no chronyd:\n{result.StandardError}");
        return path;
    }
}
