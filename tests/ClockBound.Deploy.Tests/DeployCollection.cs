namespace ClockBound.Deploy.Tests;

/// <summary>
/// Every test of the packages shares one build of them and runs one at a time: they install into
/// Debian roots, start chronyd and the daemon, and run lintian, which is plenty for a 2-core host.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<BuiltPackages>
{
    public const string Name = "Deploy";
}
