namespace ClockBound.Deploy.Tests;

/// <summary>Checks that maintainer scripts act on no service but clockbound.service.</summary>
internal static class ServiceCommands
{
    private static readonly string[] ServiceTools = ["systemctl", "deb-systemd-invoke", "deb-systemd-helper", "invoke-rc.d", "service", "chronyc", "kill", "pkill"];

    /// <summary>
    /// Every command line of <paramref name="script"/> that runs a service tool names
    /// clockbound.service (or only reloads systemd); messages (echo) may name chrony, commands
    /// may not: the host's chronyd is never restarted by a package.
    /// </summary>
    public static void AssertOnlyClockbound(string what, string script)
    {
        foreach (string raw in script.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith('#') || line.StartsWith("echo ", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (string command in line.Split(["&&", "||", ";", "then", "else"], StringSplitOptions.TrimEntries))
            {
                string[] words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0 || !ServiceTools.Contains(words[0]))
                {
                    continue;
                }
                bool reload = words.Contains("daemon-reload");
                bool clockbound = words.Any(w => w.Trim('\'', '"') == "clockbound.service");
                Assert.True(reload || clockbound, $"{what} runs '{command}', which is not about clockbound.service");
                Assert.DoesNotContain("chrony", command, StringComparison.Ordinal);
            }
        }
    }
}
