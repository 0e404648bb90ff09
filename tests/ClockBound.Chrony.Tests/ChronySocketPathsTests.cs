namespace ClockBound.Chrony.Tests;

public class ChronySocketPathsTests
{
    [Fact]
    public void PrefersRun()
    {
        Assert.Equal("/run/chrony/chronyd.sock", ChronySocketPaths.Resolve(_ => true));
    }

    [Fact]
    public void FallsBackToVarRun()
    {
        Assert.Equal("/var/run/chrony/chronyd.sock",
            ChronySocketPaths.Resolve(path => path == "/var/run/chrony/chronyd.sock"));
    }

    [Fact]
    public void NeitherExistsNamesTheUsualPath()
    {
        Assert.Equal("/run/chrony/chronyd.sock", ChronySocketPaths.Resolve(_ => false));
    }

    [Fact]
    public void ResolveDefaultChecksTheFileSystem()
    {
        string expected = File.Exists(ChronySocketPaths.Default) ? ChronySocketPaths.Default
            : File.Exists(ChronySocketPaths.Fallback) ? ChronySocketPaths.Fallback
            : ChronySocketPaths.Default;

        Assert.Equal(expected, ChronySocketPaths.ResolveDefault());
    }
}
