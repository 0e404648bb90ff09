using System.Runtime.Versioning;
using ClockBound.Interop;

namespace ClockBound.Shm;

/// <summary>
/// Opens the directory that holds a segment, one component at a time from <c>/</c>, checking each
/// directory and link on the way (<see cref="PathTrust"/>) and creating missing directories with
/// mode 0755 whatever the umask: clients of any user must be able to reach the segment (which is
/// 0644 for the same reason). A umask of 077, common in hardened units, would otherwise leave the
/// directory 0700 and lock every client out. Directories that already exist keep their mode.
/// </summary>
/// <remarks>
/// Each step opens the next directory relative to the one already checked and never follows a
/// link by name: a link on the way (such as <c>/var/run</c> → <c>/run</c>) is read and its target
/// walked the same way, so what is checked is what is used, whatever changes on the path later.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static class SegmentDirectory
{
    /// <summary>rwxr-xr-x.</summary>
    public const uint Mode = 0b111_101_101;

    private const int MaxLinks = 40; // as the kernel's ELOOP limit

    /// <summary>
    /// Opens the directory of <paramref name="segmentPath"/>, creating what is missing; returns it
    /// and the segment's name in it.
    /// </summary>
    /// <exception cref="SegmentPathException">A directory or link on the way is not trusted; the message says why and how to fix it.</exception>
    /// <exception cref="IOException">A directory cannot be created (e.g. a path component is a file).</exception>
    /// <exception cref="SystemCallException">A directory cannot be opened or examined.</exception>
    public static DirectoryHandle Open(string segmentPath, out string name)
    {
        ArgumentNullException.ThrowIfNull(segmentPath);
        string full = Path.GetFullPath(segmentPath);
        name = Path.GetFileName(full);
        if (name.Length == 0 || name == "." || name == "..")
        {
            throw new SegmentPathException($"{segmentPath} names a directory, not a file: give the segment file's path");
        }
        var pending = new LinkedList<string>(Components(Path.GetDirectoryName(full) ?? "/"));
        uint euid = ProcessIdentity.EffectiveUserId;
        uint egid = ProcessIdentity.EffectiveGroupId;
        int links = 0;

        DirectoryHandle current = Checked(DirectoryHandle.OpenRoot(), euid, egid);
        try
        {
            while (pending.First is { } first)
            {
                string component = first.Value;
                pending.RemoveFirst();
                if (component == ".")
                {
                    continue;
                }
                if (component == "..")
                {
                    current = Replace(current, Checked(current.OpenParent(), euid, egid));
                    continue;
                }
                FileStatus? entry = current.StatusOf(component);
                if (entry is null)
                {
                    Create(current, component);
                    pending.AddFirst(component); // examined like any other directory
                    continue;
                }
                switch (entry.Value.Kind)
                {
                    case FileKind.Directory:
                        current = Replace(current, Checked(current.OpenDirectory(component), euid, egid));
                        break;
                    case FileKind.SymbolicLink:
                        if (++links > MaxLinks)
                        {
                            throw new SegmentPathException($"too many symbolic links on the way to {segmentPath}");
                        }
                        if (PathTrust.LinkProblem(current.Child(component), entry.Value, euid) is string problem)
                        {
                            throw new SegmentPathException($"{problem} (on the way to {segmentPath})");
                        }
                        string target = current.ReadLink(component);
                        foreach (string part in Components(target).Reverse())
                        {
                            pending.AddFirst(part);
                        }
                        if (target.StartsWith('/'))
                        {
                            current = Replace(current, Checked(DirectoryHandle.OpenRoot(), euid, egid));
                        }
                        break;
                    default:
                        throw new IOException($"cannot create the segment directory {current.Child(component)}: it exists and is not a directory");
                }
            }
            return current;
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    private static void Create(DirectoryHandle parent, string component)
    {
        try
        {
            parent.TryCreateDirectory(component, Mode); // false: created meanwhile, examined all the same
        }
        catch (SystemCallException e)
        {
            throw new IOException($"cannot create the segment directory {parent.Child(component)}: {e.Message}", e);
        }
    }

    private static DirectoryHandle Checked(DirectoryHandle directory, uint euid, uint egid)
    {
        try
        {
            if (PathTrust.DirectoryProblem(directory.Path, directory.Status(), euid, egid) is string problem)
            {
                throw new SegmentPathException($"refusing to publish the segment there: {problem}");
            }
            return directory;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private static DirectoryHandle Replace(DirectoryHandle old, DirectoryHandle next)
    {
        old.Dispose();
        return next;
    }

    private static string[] Components(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
