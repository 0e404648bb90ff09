namespace ClockBound.Deploy.Tests;

/// <summary>What the .deb installs, with owner, group and mode (docs/operations.md, "Packages").</summary>
internal static class DebDesign
{
    public const string Unit = "/lib/systemd/system/clockbound.service";
    public const string Defaults = "/etc/default/clockbound";
    public const string ChronyDropIn = "/etc/chrony/conf.d/clockbound.conf";
    public const string EnabledLink = "/etc/systemd/system/multi-user.target.wants/clockbound.service";

    /// <summary>Every regular file, as "owner:group mode".</summary>
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["/usr/bin/clockbound"] = "root:root 755",
        ["/usr/bin/clockboundctl"] = "root:root 755",
        [Unit] = "root:root 644",
        [Defaults] = "root:root 644",
        [ChronyDropIn] = "root:root 644",
        ["/usr/share/man/man8/clockbound.8.gz"] = "root:root 644",
        ["/usr/share/man/man1/clockboundctl.1.gz"] = "root:root 644",
        ["/usr/share/doc/clockbound/copyright"] = "root:root 644",
        ["/usr/share/doc/clockbound/changelog.Debian.gz"] = "root:root 644",
        ["/usr/share/doc/clockbound/operations.md"] = "root:root 644",
        ["/usr/share/doc/clockbound/daemon.md"] = "root:root 644",
        ["/usr/share/doc/clockbound/clockboundctl.md"] = "root:root 644",
    };

    /// <summary>The directories on the way (dpkg -L lists them too), all root:root 755.</summary>
    public static readonly IReadOnlyList<string> Directories =
    [
        "/.", "/etc", "/etc/chrony", "/etc/chrony/conf.d", "/etc/default", "/lib", "/lib/systemd", "/lib/systemd/system",
        "/usr", "/usr/bin", "/usr/share", "/usr/share/doc", "/usr/share/doc/clockbound", "/usr/share/man",
        "/usr/share/man/man1", "/usr/share/man/man8",
    ];

    /// <summary>The conffiles: kept on remove, deleted on purge.</summary>
    public static readonly IReadOnlyList<string> Conffiles = [ChronyDropIn, Defaults];
}
