using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace ClockBound.Ctl;

/// <summary><c>--version</c>: prints "clockboundctl VERSION".</summary>
internal sealed class PrintVersionAction(TextWriter output) : SynchronousCommandLineAction
{
    /// <summary>The version (the assembly's informational version without build metadata).</summary>
    public static string Version { get; } = ReadVersion();

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine($"clockboundctl {Version}");
        return CtlExitCodes.Success;
    }

    private static string ReadVersion()
    {
        string? informational = typeof(PrintVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return typeof(PrintVersionAction).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
