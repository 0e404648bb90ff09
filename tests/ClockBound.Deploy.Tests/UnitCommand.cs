namespace ClockBound.Deploy.Tests;

/// <summary>
/// How a unit starts its daemon (User=, Group=, Environment=, EnvironmentFile=, ExecStart=),
/// turned into the shell script that does the same outside systemd: the default from
/// Environment=, then the defaults file if it exists, then ExecStart= with $VAR split on blanks.
/// </summary>
internal sealed record UnitCommand(string User, string Group, string ShellScript)
{
    public static UnitCommand Read(IReadOnlyList<string> unit)
    {
        string Value(string key) => Assert.Single(unit, line => line.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

        string environment = Value("Environment").Trim('"');
        int equals = environment.IndexOf('=', StringComparison.Ordinal);
        string environmentFile = Value("EnvironmentFile");
        Assert.StartsWith("-", environmentFile); // optional: a missing file leaves the default
        string script = $"{environment[..equals]}='{environment[(equals + 1)..]}'; "
            + $"if [ -r {environmentFile[1..]} ]; then set -a; . {environmentFile[1..]}; set +a; fi; "
            + $"exec {Value("ExecStart")}";
        return new UnitCommand(Value("User"), Value("Group"), script);
    }
}
