namespace ClockBound.Ctl.Tests;

/// <summary>What a clockboundctl run printed and returned.</summary>
internal sealed record CtlResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output's lines (without the final empty one).</summary>
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs clockboundctl's real command line in this process, with captured output.</summary>
internal static class Ctl
{
    public static CtlResult Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = CtlCommandLine.Run(args, output, error);
        return new CtlResult(code, output.ToString(), error.ToString());
    }
}
