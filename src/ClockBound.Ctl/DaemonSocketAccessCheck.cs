namespace ClockBound.Ctl;

/// <summary>doctor's check that the daemon's user may reach chronyd's command socket (the daemon has no UDP fallback: its reset needs the socket). Pure.</summary>
internal static class DaemonSocketAccessCheck
{
    /// <summary>The check's topic, as printed.</summary>
    public const string Topic = "daemon user";

    /// <summary>PASS when the user may search every directory and write the socket; FAIL naming the first obstacle and the fix; WARN when it cannot be told.</summary>
    public static DoctorCheck Judge(DaemonSocketAccessFacts? facts)
    {
        if (facts is null)
        {
            return new(DoctorOutcome.Warn, Topic, "not checked");
        }
        if (facts.User is not UnixAccount user)
        {
            return new(DoctorOutcome.Warn, Topic, $"cannot tell the daemon's user: {facts.UserError}; fix: pass --daemon-user USER");
        }
        string who = $"{user.Name} (uid {user.Uid}, from {facts.UserSource})";
        if (facts.PathError is string pathError || facts.Directories is null || facts.Socket is null)
        {
            return new(DoctorOutcome.Warn, Topic, $"cannot check whether {who} may reach chronyd's socket: {facts.PathError}");
        }
        string? blocker = SocketAccessJudge.FirstBlocker(user, facts.Directories, facts.Socket,
            file => facts.Owners.TryGetValue(file.Path, out string? owner) ? owner : file.OctalMode);
        return blocker is null
            ? new(DoctorOutcome.Pass, Topic, $"{who} may reach chronyd's socket {facts.SocketPath}")
            : new(DoctorOutcome.Fail, Topic,
                $"{who} cannot reach chronyd's socket: {blocker}, so the daemon publishes Unknown; "
                + "fix: run the daemon as root or as chronyd's user (User= in its unit: _chrony on Debian/Ubuntu, chrony on RHEL/Amazon Linux), "
                + "or, where chronyd's socket directory is group-writable (0770), add its user to chronyd's group (SupplementaryGroups= in the unit)");
    }
}
