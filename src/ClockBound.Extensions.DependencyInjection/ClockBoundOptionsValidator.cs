using Microsoft.Extensions.Options;

namespace ClockBound.Extensions.DependencyInjection;

/// <summary>
/// Checks <see cref="ClockBoundOptions"/> at start-up (and on first use); a failure names the
/// setting as the user wrote it: the configuration key when the options came from configuration.
/// </summary>
/// <param name="settingPrefix">How the settings are named to the user, e.g. <c>ClockBound:</c> or <c>ClockBoundOptions.</c>.</param>
internal sealed class ClockBoundOptionsValidator(string settingPrefix) : IValidateOptions<ClockBoundOptions>
{
    public ValidateOptionsResult Validate(string? name, ClockBoundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        CheckAbsolute(nameof(ClockBoundOptions.SegmentPath), options.SegmentPath, ClockBoundOptions.DefaultSegmentPath, ref failures);
        CheckAbsolute(nameof(ClockBoundOptions.VMClockPath), options.VMClockPath, ClockBoundClientOptions.DefaultVMClockPath, ref failures);
        if (options.MaxDataAge is { } maxDataAge && maxDataAge <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{settingPrefix}{nameof(ClockBoundOptions.MaxDataAge)} is {maxDataAge}: set a positive age, e.g. 00:00:10 for 10 s, or remove it to turn the limit off.");
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckAbsolute(string setting, string? value, string example, ref List<string>? failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            (failures ??= []).Add($"{settingPrefix}{setting} is empty: set it to the file's absolute path, e.g. {example}, or remove it for the default.");
        }
        else if (!Path.IsPathFullyQualified(value))
        {
            (failures ??= []).Add($"{settingPrefix}{setting} is '{value}', a relative path: set it to an absolute path, e.g. {example}.");
        }
    }
}
