using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>A host directory for <c>/run/clockbound</c>, as the node has it (mode 0755).</summary>
internal static class SegmentDirectory
{
    private const UnixFileMode Mode0755 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Owned by root, as kubelet makes a missing hostPath directory.</summary>
    public static TempDirectory OwnedByRoot() => TempDirectory.Create("clockbound-segments-", Mode0755);

    /// <summary>Owned by the daemon's user, as systemd's RuntimeDirectory= (or the DaemonSet's init container) leaves it.</summary>
    public static TempDirectory OwnedByChronyUser()
    {
        TempDirectory directory = OwnedByRoot();
        ProcessRunner.Run("chown", [ChronyUser.Host.Ids, directory.Path]).ThrowIfFailed($"chown {directory.Path}");
        return directory;
    }
}
