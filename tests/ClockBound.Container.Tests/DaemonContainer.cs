using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>
/// The daemon's image run as the DaemonSet runs it: chronyd's user, no capabilities, no new
/// privileges, a read-only root, no network; chronyd's directory and /run/clockbound from the host.
/// Dispose removes the container.
/// </summary>
internal sealed class DaemonContainer : IDisposable
{
    private DaemonContainer(string name) => Name = name;

    /// <summary>The container's name.</summary>
    public string Name { get; }

    /// <summary>
    /// Starts the daemon. chronyd's directory is mounted at its own host path: chronyd sends its
    /// replies to the path the daemon's socket has in the daemon's mount namespace, looked up in
    /// chronyd's, so the two must agree (on a node both are /run/chrony).
    /// </summary>
    /// <param name="image">The image.</param>
    /// <param name="chronyDirectory">chronyd's socket directory on the host.</param>
    /// <param name="segmentDirectory">The host directory mounted at /run/clockbound.</param>
    /// <param name="podmanOptions">More <c>podman run</c> options, e.g. <c>--pid=host</c>.</param>
    public static DaemonContainer Start(string image, string chronyDirectory, string segmentDirectory, params string[] podmanOptions)
    {
        string name = $"clockbound-test-{Guid.NewGuid():N}"[..28];
        var container = new DaemonContainer(name);
        try
        {
            Podman.Ok(
            [
                "run", "--detach", "--name", name, "--network", "none", "--read-only",
                "--cap-drop", "all", "--security-opt", "no-new-privileges", "--user", ChronyUser.Host.Ids,
                "--volume", $"{chronyDirectory}:{chronyDirectory}", "--volume", $"{segmentDirectory}:/run/clockbound",
                .. podmanOptions,
                image, "--max-drift-rate", "50", "--chrony-socket", Path.Combine(chronyDirectory, "chronyd.sock"),
            ]);
        }
        catch
        {
            container.Dispose();
            throw;
        }

        return container;
    }

    /// <summary>The container's output so far (the daemon logs to stdout and stderr).</summary>
    public string Logs()
    {
        ProcessResult result = Podman.Run(["logs", Name]);
        return result.StandardOutput + result.StandardError;
    }

    public void Dispose() => Podman.RemoveContainer(Name);
}
