using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace ClockBound.Common;

/// <summary>
/// <c>--version</c> (and the daemon's <c>-V</c>): prints "PROGRAM VERSION", like the reference
/// daemon, and succeeds. A linked source file, compiled into each executable (as dotnet/runtime
/// shares its Common sources), so the version read is that executable's own.
/// </summary>
internal sealed class PrintVersionAction(TextWriter output, string program) : SynchronousCommandLineAction
{
    /// <summary>The version: the assembly's informational version without build metadata.</summary>
    public static string Version { get; } = ReadVersion();

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine($"{program} {Version}");
        return 0; // success for both clockbound and clockboundctl
    }

    private static string ReadVersion()
    {
        Assembly assembly = typeof(PrintVersionAction).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
