namespace ClockBound.Interop;

/// <summary>The credentials this process acts with (what the kernel checks file access against).</summary>
internal static class ProcessIdentity
{
    /// <summary>The effective user id (0 for root).</summary>
    public static uint EffectiveUserId => Libc.geteuid();

    /// <summary>The effective group id.</summary>
    public static uint EffectiveGroupId => Libc.getegid();
}
