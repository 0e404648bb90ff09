namespace ClockBound.Chrony.Tests;

public class ChronySocketPathsTests
{
    [Fact]
    public void Prefers_run()
    {
        Assert.Equal("/run/chrony/chronyd.sock", ChronySocketPaths.Resolve(_ => true));
    }

    [Fact]
    public void Falls_back_to_var_run()
    {
        Assert.Equal("/var/run/chrony/chronyd.sock",
            ChronySocketPaths.Resolve(path => path == "/var/run/chrony/chronyd.sock"));
    }

    [Fact]
    public void Neither_exists_names_the_usual_path()
    {
        Assert.Equal("/run/chrony/chronyd.sock", ChronySocketPaths.Resolve(_ => false));
    }

    [Fact]
    public void Resolve_default_checks_the_file_system()
    {
        string expected = File.Exists(ChronySocketPaths.Default) ? ChronySocketPaths.Default
            : File.Exists(ChronySocketPaths.Fallback) ? ChronySocketPaths.Fallback
            : ChronySocketPaths.Default;

        Assert.Equal(expected, ChronySocketPaths.ResolveDefault());
    }
}
