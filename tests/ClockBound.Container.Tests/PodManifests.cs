using YamlDotNet.RepresentationModel;

namespace ClockBound.Container.Tests;

/// <summary>
/// Turns the shipped manifests (deploy/kubernetes/) into pods <c>podman kube play</c> runs here:
/// the DaemonSet's pod template as a Pod (podman plays no DaemonSet), with this host's values in
/// place of the node's. Made from the files at test time, so what runs is what ships.
/// </summary>
internal static class PodManifests
{
    /// <summary>deploy/kubernetes/ in the repository.</summary>
    public static string Directory => Path.Combine(ClockBound.TestSupport.ClockBoundBinaries.RepositoryRoot, "deploy", "kubernetes");

    /// <summary>The documents of a manifest file.</summary>
    public static IReadOnlyList<YamlMappingNode> Load(string fileName)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Directory, fileName)))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToArray();
    }

    /// <summary>The one document of <paramref name="kind"/> in <paramref name="fileName"/>.</summary>
    public static YamlMappingNode Single(string fileName, string kind) =>
        Load(fileName).Single(document => Scalar(document, "kind") == kind);

    /// <summary>
    /// The DaemonSet's pod template as a Pod named <paramref name="podName"/>, for this host:
    /// <paramref name="image"/>; chronyd's user for the uid, gid and the init container's chown
    /// (the test first checks the file gives all three the same values); the segment volume at
    /// <paramref name="segmentDirectory"/>; chronyd's volume at <paramref name="chronyDirectory"/>,
    /// mounted at that same path (chronyd addresses its replies by path), with the daemon told
    /// where the socket is.
    /// </summary>
    public static YamlMappingNode DaemonSetPod(
        string podName, string image, ChronyUser user, string chronyDirectory, string segmentDirectory)
    {
        YamlMappingNode daemonSet = Single("clockbound-daemonset.yaml", "DaemonSet");
        var template = (YamlMappingNode)At(daemonSet, "spec", "template");
        var spec = (YamlMappingNode)template["spec"];
        var metadata = new YamlMappingNode
        {
            { "name", podName },
            // Podman 4.3 removes a finished init container ("once", its default) and fails when
            // it exited before podman looked ("cannot remove container ... as it is running");
            // "always" keeps it. Only podman reads this annotation, and only this test's pod has it.
            { "annotations", new YamlMappingNode { { "io.podman.annotations.init.container.type", "always" } } },
        };
        if (template.Children.TryGetValue(new YamlScalarNode("metadata"), out YamlNode? templateMetadata))
        {
            metadata.Add("labels", ((YamlMappingNode)templateMetadata)["labels"]);
        }

        var security = (YamlMappingNode)spec["securityContext"];
        string shippedIds = $"{Scalar(security, "runAsUser")}:{Scalar(security, "runAsGroup")}";
        security.Children[new YamlScalarNode("runAsUser")] = new YamlScalarNode(user.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        security.Children[new YamlScalarNode("runAsGroup")] = new YamlScalarNode(user.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (YamlMappingNode init in Sequence(spec, "initContainers"))
        {
            var command = (YamlSequenceNode)init["command"];
            int chown = command.Children.ToList().FindIndex(argument => ((YamlScalarNode)argument).Value == shippedIds);
            if (chown < 0)
            {
                throw new InvalidOperationException(
                    $"init container {Scalar(init, "name")}'s command does not chown to {shippedIds}, the pod's runAsUser:runAsGroup");
            }

            command.Children[chown] = new YamlScalarNode(user.Ids) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
        }

        foreach (YamlMappingNode container in Sequence(spec, "initContainers").Concat(Sequence(spec, "containers")))
        {
            container.Children[new YamlScalarNode("image")] = new YamlScalarNode(image);
            foreach (YamlMappingNode mount in Sequence(container, "volumeMounts"))
            {
                if (Scalar(mount, "name") == "chrony-run")
                {
                    mount.Children[new YamlScalarNode("mountPath")] = new YamlScalarNode(chronyDirectory);
                }
            }
        }

        YamlMappingNode daemon = Sequence(spec, "containers").Single(container => Scalar(container, "name") == "clockbound");
        ((YamlSequenceNode)daemon["args"]).Add("--chrony-socket");
        ((YamlSequenceNode)daemon["args"]).Add(Path.Combine(chronyDirectory, "chronyd.sock"));
        SetHostPath(spec, "chrony-run", chronyDirectory);
        SetHostPath(spec, "clockbound-run", segmentDirectory);

        return new YamlMappingNode
        {
            { "apiVersion", "v1" },
            { "kind", "Pod" },
            { "metadata", metadata },
            { "spec", spec },
        };
    }

    /// <summary>The example application pod, reading <paramref name="segmentDirectory"/>, from <paramref name="image"/>.</summary>
    public static YamlMappingNode ExampleAppPod(string image, string segmentDirectory)
    {
        YamlMappingNode pod = Single("example-app-pod.yaml", "Pod");
        var spec = (YamlMappingNode)pod["spec"];
        foreach (YamlMappingNode container in Sequence(spec, "containers"))
        {
            container.Children[new YamlScalarNode("image")] = new YamlScalarNode(image);
        }

        SetHostPath(spec, "clockbound-run", segmentDirectory);
        return pod;
    }

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/>.</summary>
    public static void Save(YamlMappingNode document, string path)
    {
        using var writer = new StreamWriter(path);
        new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
    }

    /// <summary>The scalar at <paramref name="key"/> of <paramref name="node"/>.</summary>
    public static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    /// <summary>The node at a path of keys.</summary>
    public static YamlNode At(YamlNode node, params string[] keys) =>
        keys.Aggregate(node, (current, key) => ((YamlMappingNode)current)[key]);

    /// <summary>The mappings in the sequence at <paramref name="key"/>, or none when absent.</summary>
    public static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value)
            ? ((YamlSequenceNode)value).Children.Cast<YamlMappingNode>()
            : [];

    private static void SetHostPath(YamlMappingNode spec, string volume, string path)
    {
        YamlMappingNode entry = Sequence(spec, "volumes").Single(v => Scalar(v, "name") == volume);
        ((YamlMappingNode)entry["hostPath"]).Children[new YamlScalarNode("path")] = new YamlScalarNode(path);
    }
}
