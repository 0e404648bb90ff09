using System.Text.Json;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace ClockBound.Packaging.Tests;

/// <summary>What the packed packages hold: metadata, README, XML docs, symbols with source link, and the public surface.</summary>
[Collection(ConsumerCollection.Name)]
public sealed class PackageContentsTests(ConsumerSuite suite, ITestOutputHelper output)
{
    /// <summary>Every packable project of the repository, by package id.</summary>
    public static readonly TheoryData<string> PackageIds = new(Packages.All);

    /// <summary>The public types of the ClockBound.Client package: the client's, and nothing that implements it.</summary>
    private static readonly string[] ClientPublicTypes =
    [
        "ClockBound.ClockBoundClient",
        "ClockBound.ClockBoundClientOptions",
        "ClockBound.ClockBoundErrorKind",
        "ClockBound.ClockBoundException",
        "ClockBound.ClockBoundExtensions",
        "ClockBound.ClockBoundNow",
        "ClockBound.ClockStatus",
        "ClockBound.CommitWaitException",
        "ClockBound.CommitWaitFailure",
        "ClockBound.CommitWaitOptions",
        "ClockBound.IClockBound",
        "ClockBound.UnixInstant",
    ];

    [Fact]
    public void TheFeedHoldsExactlyOnePackageAndOneSymbolsPackagePerPackableProject()
    {
        string[] files = [.. Directory.EnumerateFiles(suite.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        output.WriteLine(string.Join('\n', files));
        string[] expected = [.. Packages.All.SelectMany(id => new[] { $"{id}.{suite.Version}.nupkg", $"{id}.{suite.Version}.snupkg" }).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, files);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void TheNuspecNamesTheRepositoryTheCommitTheLicenseAndTheReadme(string id)
    {
        XElement nuspec = PackedAssemblies.Nuspec(suite.Package(id));
        output.WriteLine(nuspec.ToString());
        Assert.Equal(id, PackedAssemblies.Metadata(nuspec, "id")?.Value);
        Assert.Equal(suite.Version, PackedAssemblies.Metadata(nuspec, "version")?.Value);
        XElement repository = PackedAssemblies.Metadata(nuspec, "repository") ?? throw new Xunit.Sdk.XunitException("no <repository>");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(Repository.RepositoryUrl, repository.Attribute("url")?.Value);
        Assert.Equal(Repository.HeadCommit, repository.Attribute("commit")?.Value);
        Assert.Equal(Repository.RepositoryUrl, PackedAssemblies.Metadata(nuspec, "projectUrl")?.Value);
        XElement license = PackedAssemblies.Metadata(nuspec, "license") ?? throw new Xunit.Sdk.XunitException("no <license>");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("Apache-2.0", license.Value);
        Assert.False(string.IsNullOrWhiteSpace(PackedAssemblies.Metadata(nuspec, "authors")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(PackedAssemblies.Metadata(nuspec, "description")?.Value));
        Assert.Equal("README.md", PackedAssemblies.Metadata(nuspec, "readme")?.Value);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void ThePackageHoldsItsReadmeAndTheXmlDocsOfEveryAssembly(string id)
    {
        string package = suite.Package(id);
        IReadOnlyList<string> entries = PackedAssemblies.Entries(package);
        output.WriteLine(string.Join('\n', entries));
        string readme = System.Text.Encoding.UTF8.GetString(PackedAssemblies.Read(package, "README.md"));
        Assert.StartsWith("# ", readme, StringComparison.Ordinal);
        IReadOnlyList<string> assemblies = PackedAssemblies.LibraryAssemblies(package);
        Assert.Contains($"lib/net10.0/{id}.dll", assemblies);
        foreach (string assembly in assemblies)
        {
            string docs = Path.ChangeExtension(assembly, ".xml");
            Assert.Contains(docs, entries);
            XDocument xml = XDocument.Load(new MemoryStream(PackedAssemblies.Read(package, docs)));
            Assert.NotEmpty(xml.Descendants("member"));
        }
    }

    [Fact]
    public void TheClientPackageReadmeIsDocsClientMd()
    {
        byte[] readme = PackedAssemblies.Read(suite.Package(Packages.Client), "README.md");
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repository.Root, "docs", "client.md")), readme);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void TheSymbolsPackageHoldsAPortablePdbPerAssemblyWithSourceLinkToTheCommit(string id)
    {
        string package = suite.Package(id);
        string symbols = suite.Package(id, "snupkg");
        string commit = Repository.HeadCommit;
        // https://github.com/OWNER/REPO -> https://raw.githubusercontent.com/OWNER/REPO/COMMIT/*
        string expectedUrl = Repository.RepositoryUrl.Replace("https://github.com/", "https://raw.githubusercontent.com/", StringComparison.Ordinal)
            + "/" + commit + "/*";
        foreach (string assembly in PackedAssemblies.LibraryAssemblies(package))
        {
            byte[] pdb = PackedAssemblies.Read(symbols, Path.ChangeExtension(assembly, ".pdb"));
            (Guid pdbId, string? sourceLink) = PackedAssemblies.ReadPortablePdb(pdb);
            Assert.Equal(PackedAssemblies.CodeViewGuid(PackedAssemblies.Read(package, assembly)), pdbId);
            Assert.NotNull(sourceLink);
            output.WriteLine($"{assembly}: {sourceLink}");
            using JsonDocument json = JsonDocument.Parse(sourceLink);
            string[] targets = [.. json.RootElement.GetProperty("documents").EnumerateObject().Select(p => p.Value.GetString()!)];
            Assert.Contains(expectedUrl, targets);
        }
    }

    [Fact]
    public void TheClientPackageExposesOnlyTheClientsPublicTypes()
    {
        string package = suite.Package(Packages.Client);
        var exposed = new List<string>();
        foreach (string assembly in PackedAssemblies.LibraryAssemblies(package))
        {
            IReadOnlyList<string> types = PackedAssemblies.PublicTypes(PackedAssemblies.Read(package, assembly));
            output.WriteLine($"{assembly}: {types.Count} public types\n  {string.Join("\n  ", types)}");
            exposed.AddRange(types);
        }
        Assert.Equal(ClientPublicTypes, exposed.Order(StringComparer.Ordinal));
    }
}
