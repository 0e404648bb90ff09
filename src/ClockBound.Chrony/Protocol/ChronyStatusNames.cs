namespace ClockBound.Chrony.Protocol;

/// <summary>chronyd's own names for reply statuses, for error messages an operator can search for.</summary>
internal static class ChronyStatusNames
{
    /// <summary>"19 (BADPKTLENGTH)"; unknown codes read "42 (unknown status)".</summary>
    public static string Describe(ushort status) => $"{status} ({WireName(status)})";

    /// <summary>chronyd's name of a status code, e.g. BADPKTLENGTH.</summary>
    public static string WireName(ushort status) => (ChronyStatus)status switch
    {
        ChronyStatus.Success => "SUCCESS",
        ChronyStatus.Failed => "FAILED",
        ChronyStatus.Unauthorized => "UNAUTH",
        ChronyStatus.Invalid => "INVALID",
        ChronyStatus.NoSuchSource => "NOSUCHSOURCE",
        ChronyStatus.InvalidTimestamp => "INVALIDTS",
        ChronyStatus.NotEnabled => "NOTENABLED",
        ChronyStatus.BadSubnet => "BADSUBNET",
        ChronyStatus.AccessAllowed => "ACCESSALLOWED",
        ChronyStatus.AccessDenied => "ACCESSDENIED",
        ChronyStatus.SourceAlreadyKnown => "SOURCEALREADYKNOWN",
        ChronyStatus.TooManySources => "TOOMANYSOURCES",
        ChronyStatus.NoRtc => "NORTC",
        ChronyStatus.BadRtcFile => "BADRTCFILE",
        ChronyStatus.Inactive => "INACTIVE",
        ChronyStatus.BadSample => "BADSAMPLE",
        ChronyStatus.InvalidAddressFamily => "INVALIDAF",
        ChronyStatus.BadPacketVersion => "BADPKTVERSION",
        ChronyStatus.BadPacketLength => "BADPKTLENGTH",
        ChronyStatus.InvalidName => "INVALIDNAME",
        _ => "unknown status",
    };

    /// <summary>chronyd's name of a command, for messages.</summary>
    public static string CommandName(ChronyCommand command) => command switch
    {
        ChronyCommand.Burst => "BURST",
        ChronyCommand.NSources => "N_SOURCES",
        ChronyCommand.SourceData => "SOURCE_DATA",
        ChronyCommand.Tracking => "TRACKING",
        ChronyCommand.ResetSources => "RESET_SOURCES",
        _ => $"command {(ushort)command}",
    };

    /// <summary>chronyd's name of a reply code, for messages.</summary>
    public static string ReplyName(ushort replyCode) => (ChronyReplyCode)replyCode switch
    {
        ChronyReplyCode.Null => "NULL",
        ChronyReplyCode.NSources => "N_SOURCES",
        ChronyReplyCode.SourceData => "SOURCE_DATA",
        ChronyReplyCode.Tracking => "TRACKING",
        _ => $"reply code {replyCode}",
    };
}
