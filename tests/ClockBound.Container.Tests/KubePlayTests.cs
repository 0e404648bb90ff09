using ClockBound.TestSupport;
using YamlDotNet.RepresentationModel;

namespace ClockBound.Container.Tests;

/// <summary>
/// deploy/kubernetes/ run with <c>podman kube play</c>: the DaemonSet's pod template (as a pod,
/// made from the shipped file) against a real chronyd, and the example application pod reading
/// what it publishes.
/// </summary>
[Collection(PodmanCollection.Name)]
public sealed class KubePlayTests : IClassFixture<ChronydAsChronyUser>, IDisposable
{
    private readonly ContainerImage _image;
    private readonly ChronydAsChronyUser _chronyd;
    private readonly TempDirectory _work = TempDirectory.Create("clockbound-kube-");
    private readonly List<string> _played = [];

    public KubePlayTests(ContainerImage image, ChronydAsChronyUser chronyd)
    {
        _image = image;
        _chronyd = chronyd;
    }

    public void Dispose()
    {
        foreach (string file in Enumerable.Reverse(_played))
        {
            Podman.Run(["kube", "down", file]);
        }

        _work.Dispose();
    }

    [Fact]
    public void TheDaemonSetPodPublishesAndTheExampleAppReadsSynchronized()
    {
        // As kubelet makes a missing DirectoryOrCreate hostPath: root's, 0755. The init container
        // hands it to the daemon's user.
        using TempDirectory segments = SegmentDirectory.OwnedByRoot();
        YamlMappingNode daemonPod = PodManifests.DaemonSetPod(
            "clockbound-node", _image.Reference, ChronyUser.Host, _chronyd.Directory, segments.Path);
        Play(daemonPod, "daemon.yaml");

        // The readiness probe, run as kubelet runs it: its command in the container, until it passes.
        YamlMappingNode daemonContainer = PodManifests.Sequence((YamlMappingNode)daemonPod["spec"], "containers").Single();
        string[] probe = ((YamlSequenceNode)PodManifests.At(daemonContainer, "readinessProbe", "exec", "command"))
            .Children.Select(argument => ((YamlScalarNode)argument).Value!).ToArray();
        ProcessResult ready = Eventually.Satisfies(
            () => Podman.Run(["exec", "clockbound-node-clockbound", .. probe]),
            result => result.ExitCode == 0,
            TimeSpan.FromSeconds(90),
            $"the readiness probe ({string.Join(' ', probe)}) passes\n{Logs("clockbound-node-clockbound")}");
        Assert.Contains("Synchronized", ready.StandardOutput, StringComparison.Ordinal);
        // The liveness probe the same way: the daemon is writing its segment.
        string[] liveness = ((YamlSequenceNode)PodManifests.At(daemonContainer, "livenessProbe", "exec", "command"))
            .Children.Select(argument => ((YamlScalarNode)argument).Value!).ToArray();
        ProcessResult alive = Podman.Run(["exec", "clockbound-node-clockbound", .. liveness]);
        Assert.True(alive.ExitCode == 0, $"the liveness probe ({string.Join(' ', liveness)}) exited {alive.ExitCode}: {alive.StandardOutput}{alive.StandardError}");
        Assert.Contains("status:      Synchronized\n", alive.StandardOutput, StringComparison.Ordinal);

        ProcessResult owner = ProcessRunner.Run("stat", ["-c", "%u:%g %a", segments.Path, segments.Combine("shm0")]).ThrowIfFailed("stat");
        Assert.Equal($"{ChronyUser.Host.Ids} 755\n{ChronyUser.Host.Ids} 644", owner.StandardOutput.Trim());
        string inspect = Podman.Ok("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.Config.User}}", "clockbound-node-clockbound");
        Assert.StartsWith("true ", inspect, StringComparison.Ordinal);
        Assert.EndsWith($" {ChronyUser.Host.Uid}:{ChronyUser.Host.Gid}", inspect, StringComparison.Ordinal);

        Play(PodManifests.ExampleAppPod(_image.Reference, segments.Path), "app.yaml");
        string lines = Eventually.Satisfies(
            () => Logs("clockbound-example-app-app"),
            logs => logs.Split('\n').Count(line => line.Contains("Synchronized", StringComparison.Ordinal)) >= 3,
            TimeSpan.FromSeconds(90),
            "the example app prints Synchronized readings");
        Assert.DoesNotContain("Unknown", lines, StringComparison.Ordinal);
    }

    private void Play(YamlMappingNode pod, string fileName)
    {
        string file = _work.Combine(fileName);
        PodManifests.Save(pod, file);
        _played.Add(file);
        Podman.Ok("kube", "play", "--replace", "--network", "none", file); // --replace: a pod a killed run left
    }

    private static string Logs(string container)
    {
        ProcessResult result = Podman.Run(["logs", container]);
        return result.StandardOutput + result.StandardError;
    }
}
