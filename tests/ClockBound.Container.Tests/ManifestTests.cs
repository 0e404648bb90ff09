using YamlDotNet.RepresentationModel;

namespace ClockBound.Container.Tests;

/// <summary>
/// What deploy/kubernetes/ promises and podman cannot show (it ignores some fields, and its
/// hostPaths here are temporary directories): the restrictions each container keeps.
/// </summary>
public sealed class ManifestTests
{
    private static readonly YamlMappingNode DaemonSpec =
        (YamlMappingNode)PodManifests.At(PodManifests.Single("clockbound-daemonset.yaml", "DaemonSet"), "spec", "template", "spec");

    private static readonly YamlMappingNode AppSpec =
        (YamlMappingNode)PodManifests.Single("example-app-pod.yaml", "Pod")["spec"];

    [Fact]
    public void TheDaemonRunsUnprivilegedWithoutHostNamespaces()
    {
        Assert.Equal("true", PodManifests.Scalar(DaemonSpec["securityContext"], "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", PodManifests.Scalar(PodManifests.At(DaemonSpec, "securityContext", "seccompProfile"), "type"));
        Assert.Equal("false", PodManifests.Scalar(DaemonSpec, "hostPID"));
        Assert.Equal("false", PodManifests.Scalar(DaemonSpec, "hostNetwork"));
        YamlMappingNode daemon = PodManifests.Sequence(DaemonSpec, "containers").Single();
        AssertLockedDown(daemon, added: []);
        Assert.Equal(
            ["clockboundctl", "waitsync", "--timeout-seconds"],
            Strings(PodManifests.At(daemon, "readinessProbe", "exec", "command")).Take(3));
        Assert.Equal(
            ["clockboundctl", "status", "--require-publishing"],
            Strings(PodManifests.At(daemon, "livenessProbe", "exec", "command")));
    }

    [Fact]
    public void OnlyTheInitContainerIsRootAndItMayOnlyChown()
    {
        YamlMappingNode init = PodManifests.Sequence(DaemonSpec, "initContainers").Single();
        AssertLockedDown(init, added: ["CHOWN"]);
        Assert.Equal("chown", Strings(init["command"]).First());
        Assert.Equal(["/run/clockbound"], Mounts(init).Select(m => PodManifests.Scalar(m, "mountPath")));
    }

    [Fact]
    public void TheDaemonMountsChronydsDirectoryAtItsHostPathAndSysReadOnly()
    {
        YamlMappingNode daemon = PodManifests.Sequence(DaemonSpec, "containers").Single();
        var byVolume = Mounts(daemon).ToDictionary(m => PodManifests.Scalar(m, "name"));
        // chronyd replies to the daemon's socket by path, looked up on the node.
        Assert.Equal(HostPath(DaemonSpec, "chrony-run"), PodManifests.Scalar(byVolume["chrony-run"], "mountPath"));
        Assert.Equal("/run/chrony", HostPath(DaemonSpec, "chrony-run"));
        Assert.Equal("/run/clockbound", HostPath(DaemonSpec, "clockbound-run"));
        Assert.Equal("/sys", HostPath(DaemonSpec, "host-sys"));
        Assert.Equal("true", PodManifests.Scalar(byVolume["host-sys"], "readOnly"));
        Assert.Contains("--sysfs-root", Strings(daemon["args"]));
    }

    [Fact]
    public void TheApplicationPodReadsTheSegmentsReadOnly()
    {
        Assert.Equal("true", PodManifests.Scalar(AppSpec["securityContext"], "runAsNonRoot"));
        YamlMappingNode app = PodManifests.Sequence(AppSpec, "containers").Single();
        AssertLockedDown(app, added: []);
        YamlMappingNode mount = Mounts(app).Single();
        Assert.Equal("/run/clockbound", PodManifests.Scalar(mount, "mountPath"));
        Assert.Equal("true", PodManifests.Scalar(mount, "readOnly"));
        Assert.Equal("/run/clockbound", HostPath(AppSpec, PodManifests.Scalar(mount, "name")));
    }

    private static void AssertLockedDown(YamlMappingNode container, string[] added)
    {
        YamlNode security = container["securityContext"];
        Assert.Equal("false", PodManifests.Scalar(security, "allowPrivilegeEscalation"));
        Assert.Equal("true", PodManifests.Scalar(security, "readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], Strings(PodManifests.At(security, "capabilities", "drop")));
        var capabilities = (YamlMappingNode)PodManifests.At(security, "capabilities");
        Assert.Equal(added, capabilities.Children.TryGetValue(new YamlScalarNode("add"), out YamlNode? add) ? Strings(add) : []);
        foreach (string kind in (string[])["requests", "limits"])
        {
            var resources = (YamlMappingNode)PodManifests.At(container, "resources", kind);
            Assert.True(resources.Children.ContainsKey(new YamlScalarNode("cpu")), $"{kind}.cpu");
            Assert.True(resources.Children.ContainsKey(new YamlScalarNode("memory")), $"{kind}.memory");
        }
    }

    private static IEnumerable<YamlMappingNode> Mounts(YamlMappingNode container) => PodManifests.Sequence(container, "volumeMounts");

    private static string HostPath(YamlMappingNode spec, string volume) =>
        PodManifests.Scalar(PodManifests.At(PodManifests.Sequence(spec, "volumes").Single(v => PodManifests.Scalar(v, "name") == volume), "hostPath"), "path");

    private static string[] Strings(YamlNode sequence) =>
        ((YamlSequenceNode)sequence).Children.Select(node => ((YamlScalarNode)node).Value!).ToArray();
}
