using ClockBound.TestSupport;

namespace ClockBound.Container.Tests;

/// <summary>An application container: the segment directory mounted read-only, and clockboundctl.</summary>
internal static class Readers
{
    /// <summary>
    /// Runs a second container (another user, read-only root and volume, no network) that waits
    /// up to 60 s for Synchronized and prints <c>clockboundctl now --json</c>.
    /// </summary>
    public static ProcessResult ReadNow(string image, string segmentDirectory) =>
        Podman.Run(
        [
            "run", "--rm", "--network", "none", "--read-only", "--cap-drop", "all", "--user", "65534:65534",
            "--volume", $"{segmentDirectory}:/run/clockbound:ro", "--entrypoint", "/bin/sh", image,
            "-c", "clockboundctl waitsync --timeout-seconds 60 && clockboundctl now --json",
        ]);
}
