namespace ClockBound.Deploy.Tests;

/// <summary><c>dpkg -r</c> keeps the conffiles only; <c>dpkg --purge</c> then leaves the root as it was.</summary>
[Collection(DeployCollection.Name)]
public sealed class DebRemoveTests(BuiltPackages packages) : IDisposable
{
    private readonly DebianRoot _root = DebianRoot.Create(packages.SharedRoot);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void RemoveKeepsTheConffilesAndPurgeLeavesNothingBehind()
    {
        IReadOnlyList<string> before = _root.Listing();
        _root.CopyIn(packages.Deb, "/tmp/clockbound.deb");
        _root.Run("dpkg", "-i", "/tmp/clockbound.deb");
        _root.Run("rm", "/tmp/clockbound.deb");
        // What a daemon run leaves: the segments and their locks in the runtime directory.
        _root.Shell("install -d -o _chrony -g _chrony -m 0755 /run/clockbound && touch /run/clockbound/shm0 /run/clockbound/shm0.lock");

        _root.Run("dpkg", "-r", "clockbound");
        foreach (string path in DebDesign.Files.Keys)
        {
            Assert.True(File.Exists(_root.HostPath(path)) == DebDesign.Conffiles.Contains(path),
                $"{path} after dpkg -r: {(File.Exists(_root.HostPath(path)) ? "still there" : "gone")}");
        }
        Assert.Equal("deinstall ok config-files", _root.Run("dpkg-query", "-W", "-f=${Status}", "clockbound").StandardOutput);

        string purge = _root.Run("dpkg", "--purge", "clockbound").StandardOutput;
        Assert.Contains("systemctl restart chrony", purge, StringComparison.Ordinal);
        IReadOnlyList<string> after = _root.Listing();
        string[] added = after.Except(before).ToArray();
        string[] removed = before.Except(after).ToArray();
        Assert.True(added.Length == 0 && removed.Length == 0,
            $"the purged root differs from the clean one:\nadded:\n  {string.Join("\n  ", added)}\nremoved:\n  {string.Join("\n  ", removed)}");
        Assert.Empty(Directory.GetFiles(_root.HostPath("/var/lib/dpkg/info"), "clockbound.*"));
        Assert.False(Directory.Exists(_root.HostPath("/run/clockbound")), "/run/clockbound is still there after the purge");
        Assert.NotEqual(0, _root.RunUnchecked("dpkg-query", "-W", "clockbound").ExitCode);
    }
}
