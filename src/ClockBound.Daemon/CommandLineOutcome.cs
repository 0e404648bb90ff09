namespace ClockBound.Daemon;

/// <summary>
/// What parsing the command line decided: run with <see cref="Options"/>, or exit with
/// <see cref="ExitCode"/> (help or version printed, or the arguments were bad).
/// </summary>
/// <param name="Options">The settings to run with; null means exit.</param>
/// <param name="ExitCode">The exit code when <paramref name="Options"/> is null.</param>
internal readonly record struct CommandLineOutcome(DaemonOptions? Options, int ExitCode);
