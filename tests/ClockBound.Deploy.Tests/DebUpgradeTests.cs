namespace ClockBound.Deploy.Tests;

/// <summary>
/// Installing the .deb over itself (what an upgrade runs: prerm upgrade, postinst configure with
/// the old version) keeps the operator's edits to the conffiles and the operator's choice to
/// disable the unit.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class DebUpgradeTests(BuiltPackages packages) : IDisposable
{
    private const string EditedOptions = "CLOCKBOUND_OPTS=\"--max-drift-rate 30\"";

    private readonly DebianRoot _root = DebianRoot.Create(packages.SharedRoot);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void AnUpgradeKeepsEditedConffilesAndADisabledUnit()
    {
        _root.CopyIn(packages.Deb, "/tmp/clockbound.deb");
        _root.Run("dpkg", "-i", "/tmp/clockbound.deb");
        _root.WriteFile(DebDesign.Defaults, EditedOptions + "\n");
        // What `systemctl disable clockbound` does (no systemctl in the root): remove the
        // WantedBy= link.
        _root.Run("rm", DebDesign.EnabledLink);

        string upgrade = _root.Run("dpkg", "-i", "/tmp/clockbound.deb").StandardOutput;

        Assert.Equal(EditedOptions + "\n", File.ReadAllText(_root.HostPath(DebDesign.Defaults)));
        Assert.Equal("", _root.RunUnchecked("readlink", DebDesign.EnabledLink).StandardOutput);
        // The chrony note is for a first installation only.
        Assert.DoesNotContain("maxclockerror", upgrade, StringComparison.Ordinal);
        Assert.Equal("install ok installed", _root.Run("dpkg-query", "-W", "-f=${Status}", "clockbound").StandardOutput);
    }
}
