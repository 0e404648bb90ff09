using System.Reflection;
using System.Xml.Linq;

namespace ClockBound.Packaging.Tests;

/// <summary>Facts about the repository these tests were built from.</summary>
public static class Repository
{
    /// <summary>The repository's root (the directory holding ClockBound.slnx).</summary>
    public static string Root => ClockBoundBinaries.RepositoryRoot;

    /// <summary>The solution, whose packable projects are packed.</summary>
    public static string Solution => Path.Combine(Root, "ClockBound.slnx");

    /// <summary>The configuration this test project (and so the packable projects it references) was built in.</summary>
    public static string Configuration =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;

    /// <summary>The one version of every package: the root Directory.Build.props' Version.</summary>
    public static string Version => PropertyOf("Directory.Build.props", "Version");

    /// <summary>The repository URL the packages name (src/Directory.Build.props).</summary>
    public static string RepositoryUrl => PropertyOf(Path.Combine("src", "Directory.Build.props"), "RepositoryUrl");

    /// <summary>The commit checked out (HEAD), from git.</summary>
    public static string HeadCommit =>
        ProcessRunner.Run("git", ["-C", Root, "rev-parse", "HEAD"]).ThrowIfFailed("git rev-parse HEAD").StandardOutput.Trim();

    private static string PropertyOf(string file, string name)
    {
        XDocument document = XDocument.Load(Path.Combine(Root, file));
        return document.Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0)
            ?? throw new InvalidOperationException($"{file} has no {name}");
    }
}
