using System.Diagnostics;
using ClockBound.TestSupport;

namespace ClockBound.Deploy.Tests;

/// <summary>
/// A throw-away Debian root: an overlayfs whose lower layer is the shared clean root and whose
/// upper layer is a temp directory, with <c>/proc</c> and a tmpfs <c>/run</c> (as at boot), all
/// mounted in a private mount namespace held by one <c>unshare</c> process. Commands run in it
/// through <c>nsenter</c> and <c>chroot</c>, as root or (with <c>setpriv</c>) as a user of the
/// root. Dispose ends the namespace, and its mounts with it (none was ever visible on the host,
/// so nothing of the host can be reached by the deletion), then deletes the upper layer.
/// </summary>
public sealed class DebianRoot : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _directory;
    private readonly Process _holder;
    private readonly List<DaemonProcess> _started = [];

    private DebianRoot(TempDirectory directory, Process holder)
    {
        _directory = directory;
        _holder = holder;
    }

    /// <summary>Where the root is mounted, inside the namespace (not on the host).</summary>
    public string MountPoint => _directory.Combine("root");

    /// <summary>The same path seen from the host: through the holder's /proc/PID/root.</summary>
    public string HostPath(string pathInRoot) => $"/proc/{_holder.Id}/root{MountPoint}{pathInRoot}";

    /// <summary>Mounts a fresh root over <paramref name="lower"/>.</summary>
    public static DebianRoot Create(string lower)
    {
        TempDirectory directory = TempDirectory.Create("clockbound-root-", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Process? holder = null;
        try
        {
            foreach (string name in new[] { "upper", "work", "root" })
            {
                Directory.CreateDirectory(directory.Combine(name));
            }
            // The namespace lives as long as this process; its stdin is its lifeline.
            var start = new ProcessStartInfo("unshare")
            {
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "--mount", "--propagation", "private", "--", "sleep", "infinity" })
            {
                start.ArgumentList.Add(argument);
            }
            holder = Process.Start(start) ?? throw new InvalidOperationException("could not start unshare");
            var root = new DebianRoot(directory, holder);
            // unshare execs sleep once the namespace exists: wait for that before entering it.
            Eventually.Satisfies(() => Signals.CommandName(holder.Id), name => name == "sleep", TimeSpan.FromSeconds(10), "unshare holding the mount namespace");
            string mount = root.MountPoint;
            root.Host("mount", "-t", "overlay", "overlay", "-o",
                $"lowerdir={lower},upperdir={directory.Combine("upper")},workdir={directory.Combine("work")}", mount);
            root.Host("mount", "-t", "proc", "proc", $"{mount}/proc");
            root.Host("mount", "-t", "tmpfs", "-o", "mode=0755,nosuid,nodev", "tmpfs", $"{mount}/run");
            return root;
        }
        catch
        {
            if (holder is not null)
            {
                Stop(holder);
            }
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command in the root as root; fails the test unless it exits 0.</summary>
    public ProcessResult Run(params string[] command) => RunUnchecked(command).ThrowIfFailed(string.Join(' ', command));

    /// <summary>Runs a command in the root as root, whatever its exit status.</summary>
    public ProcessResult RunUnchecked(params string[] command) =>
        ProcessRunner.Run("nsenter", ["-t", _holder.Id.ToString(), "-m", "--", "chroot", MountPoint, .. command], CommandTimeout);

    /// <summary>Runs a shell script in the root as root; fails the test unless it exits 0.</summary>
    public ProcessResult Shell(string script) => Run("/bin/sh", "-ec", script);

    /// <summary>Runs a command in the root as <paramref name="user"/>:<paramref name="group"/>.</summary>
    public ProcessResult RunAs(string user, string group, params string[] command) =>
        RunUnchecked(["setpriv", $"--reuid={user}", $"--regid={group}", "--init-groups", "--", .. command]);

    /// <summary>Runs a command of the host (e.g. rpm) inside the namespace, where the root is mounted.</summary>
    public ProcessResult Host(params string[] command) => HostUnchecked(command).ThrowIfFailed(string.Join(' ', command));

    /// <summary>As <see cref="Host"/>, whatever the exit status.</summary>
    public ProcessResult HostUnchecked(params string[] command) =>
        ProcessRunner.Run("nsenter", ["-t", _holder.Id.ToString(), "-m", "--", .. command], CommandTimeout);

    /// <summary>
    /// Starts a long-running command in the root (as <paramref name="user"/>:<paramref name="group"/>,
    /// or root when null). nsenter, chroot and setpriv all exec, so its pid is the program's.
    /// </summary>
    public DaemonProcess Start(string? user, string? group, params string[] command)
    {
        string[] prefix = user is null ? [] : ["setpriv", $"--reuid={user}", $"--regid={group ?? user}", "--init-groups", "--"];
        var process = DaemonProcess.Start("nsenter", ["-t", _holder.Id.ToString(), "-m", "--", "chroot", MountPoint, .. prefix, .. command]);
        _started.Add(process);
        return process;
    }

    /// <summary>Copies a host file into the root, mode 0644.</summary>
    public void CopyIn(string hostFile, string pathInRoot)
    {
        File.Copy(hostFile, HostPath(pathInRoot), overwrite: true);
        File.SetUnixFileMode(HostPath(pathInRoot), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>Writes a file into the root, mode 0644.</summary>
    public void WriteFile(string pathInRoot, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(HostPath(pathInRoot))!);
        File.WriteAllText(HostPath(pathInRoot), text);
    }

    /// <summary>
    /// Every file of the root's own file system (not the /proc and /run mounts) as "type
    /// owner:group mode size path" lines (no size for a directory: that is the file system's
    /// business), sorted, leaving out dpkg's own records (its database and log, which an install
    /// and a purge rewrite by design).
    /// </summary>
    public IReadOnlyList<string> Listing()
    {
        string output = Run("find", "/", "-xdev",
            "(", "-path", "/var/lib/dpkg", "-o", "-path", "/var/log/dpkg.log", ")", "-prune",
            "-o", "-printf", "%y %u:%g %m %s %p\\n").StandardOutput;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 5))
            .Select(f => f[0] == "d" ? $"{f[0]} {f[1]} {f[2]} {f[4]}" : string.Join(' ', f))
            .Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The pids of the processes whose root directory is this root (chroot's).</summary>
    public IReadOnlyList<int> ProcessesInside()
    {
        var pids = new List<int>();
        foreach (string entry in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int pid))
            {
                continue;
            }
            try
            {
                if (new FileInfo(Path.Combine(entry, "root")).LinkTarget == MountPoint)
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return pids;
    }

    /// <summary>"owner:group mode type" of a path in the root (stat -c, the root's own names).</summary>
    public string Stat(string pathInRoot) => Run("stat", "-c", "%U:%G %a %F", pathInRoot).StandardOutput.Trim();

    public void Dispose()
    {
        foreach (DaemonProcess process in _started)
        {
            process.Dispose();
        }
        Stop(_holder);
        _directory.Dispose();
    }

    private static void Stop(Process holder)
    {
        try
        {
            holder.Kill();
            holder.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        holder.Dispose();
    }
}
