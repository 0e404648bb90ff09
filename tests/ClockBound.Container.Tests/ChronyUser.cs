using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>
/// The host's chronyd user (<c>_chrony</c> on Debian, <c>chrony</c> on RHEL), as the daemon's
/// container runs: chronyd's command socket accepts only that user and root.
/// </summary>
internal sealed record ChronyUser(string Name, int Uid, int Gid)
{
    private static readonly Lazy<ChronyUser> s_host = new(Find);

    /// <summary>The host's chronyd user; the chrony package makes it.</summary>
    public static ChronyUser Host => s_host.Value;

    /// <summary><c>UID:GID</c>, for <c>podman --user</c> and <c>chown</c>.</summary>
    public string Ids => $"{Uid}:{Gid}";

    private static ChronyUser Find()
    {
        foreach (string name in (string[])["_chrony", "chrony"])
        {
            ProcessResult uid = ProcessRunner.Run("id", ["-u", name]);
            if (uid.ExitCode == 0)
            {
                ProcessResult gid = ProcessRunner.Run("id", ["-g", name]).ThrowIfFailed($"id -g {name}");
                return new ChronyUser(name, int.Parse(uid.StandardOutput.Trim()), int.Parse(gid.StandardOutput.Trim()));
            }
        }

        throw new InvalidOperationException("neither _chrony nor chrony is a user here: install chrony (scripts/install-deps.sh)");
    }
}
