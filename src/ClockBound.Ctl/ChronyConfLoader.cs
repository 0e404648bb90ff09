namespace ClockBound.Ctl;

/// <summary>
/// Reads chronyd's configuration as chronyd does: the main file, then what its <c>include
/// PATTERN</c> (a glob; files in name order), <c>confdir DIR...</c> (<c>*.conf</c> files, in name
/// order; of files with the same name in several directories only the first directory's) and
/// <c>sourcedir DIR...</c> (<c>*.sources</c> files, which hold only source directives) name, each
/// where its directive stands. The main file must be readable; an included one that is not is
/// recorded as a problem and the rest is still read.
/// </summary>
internal static class ChronyConfLoader
{
    /// <summary>Debian's and Ubuntu's chrony.conf.</summary>
    public const string DebianPath = "/etc/chrony/chrony.conf";

    /// <summary>RHEL's, Fedora's and Amazon Linux's chrony.conf.</summary>
    public const string RedHatPath = "/etc/chrony.conf";

    private const int MaximumDepth = 10; // chronyd refuses deeper nesting too; this also ends include loops

    private static readonly HashSet<string> SourceDirectives = ["server", "pool", "peer", "refclock"];

    /// <summary><see cref="DebianPath"/>, or <see cref="RedHatPath"/> when only that one exists.</summary>
    public static string ResolveDefault() => !File.Exists(DebianPath) && File.Exists(RedHatPath) ? RedHatPath : DebianPath;

    /// <summary>Reads <paramref name="mainFile"/> and everything it includes.</summary>
    /// <exception cref="ChronyConfException">The main file cannot be read.</exception>
    public static ChronyConf Load(string mainFile, IConfFiles files)
    {
        ArgumentNullException.ThrowIfNull(mainFile);
        ArgumentNullException.ThrowIfNull(files);
        string text;
        try
        {
            text = files.ReadAllText(mainFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChronyConfException(MainFileError(mainFile, e), e);
        }

        var state = new LoadState(files);
        state.Files.Add(mainFile);
        Expand(ChronyConfParser.Parse(text, mainFile), state, 0);
        return new ChronyConf(mainFile, state.Directives, state.Files, state.Problems);
    }

    private static string MainFileError(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException =>
            $"cannot read chronyd's configuration {path}: no such file; pass --chrony-conf PATH with the file chronyd reads (chronyd -f PATH, or its unit's command line)",
        UnauthorizedAccessException =>
            $"cannot read chronyd's configuration {path}: permission denied; run doctor as root or pass --chrony-conf PATH to a readable copy",
        _ => $"cannot read chronyd's configuration {path}: {ErrorText.OneLine(e.Message)}; pass --chrony-conf PATH",
    };

    private static void Expand(IReadOnlyList<ChronyConfDirective> directives, LoadState state, int depth)
    {
        foreach (ChronyConfDirective directive in directives)
        {
            switch (directive.Name)
            {
                case "include" when directive.Arguments.Count > 0:
                    foreach (string file in Glob(directive.Arguments[0], state, directive))
                    {
                        ReadIncluded(file, directive, state, depth, sourcesOnly: false);
                    }
                    break;
                case "confdir":
                    foreach (string file in FilesIn(directive, ".conf", state))
                    {
                        ReadIncluded(file, directive, state, depth, sourcesOnly: false);
                    }
                    break;
                case "sourcedir":
                    foreach (string file in FilesIn(directive, ".sources", state))
                    {
                        ReadIncluded(file, directive, state, depth, sourcesOnly: true);
                    }
                    break;
                default:
                    state.Directives.Add(directive);
                    break;
            }
        }
    }

    private static void ReadIncluded(string file, ChronyConfDirective by, LoadState state, int depth, bool sourcesOnly)
    {
        if (depth + 1 > MaximumDepth)
        {
            state.Problems.Add($"{by.Where}: {file} is included more than {MaximumDepth} levels deep (an include loop?); not read");
            return;
        }
        string text;
        try
        {
            text = state.Source.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            state.Problems.Add($"{by.Where}: cannot read {file}: {ErrorText.OneLine(e.Message)}");
            return;
        }
        state.Files.Add(file);
        IReadOnlyList<ChronyConfDirective> directives = ChronyConfParser.Parse(text, file);
        Expand(sourcesOnly ? [.. directives.Where(d => SourceDirectives.Contains(d.Name))] : directives, state, depth + 1);
    }

    /// <summary>The <c>*.EXTENSION</c> files of a confdir/sourcedir directive's directories, first directory winning for a name, in name order.</summary>
    private static List<string> FilesIn(ChronyConfDirective directive, string extension, LoadState state)
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string directory in directive.Arguments)
        {
            IReadOnlyList<string> files;
            try
            {
                files = state.Source.ListFiles(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                state.Problems.Add($"{directive.Where}: cannot list {directory}: {ErrorText.OneLine(e.Message)}");
                continue;
            }
            foreach (string file in files.Where(f => f.EndsWith(extension, StringComparison.Ordinal)))
            {
                byName.TryAdd(Path.GetFileName(file), file);
            }
        }
        return [.. byName.Values];
    }

    /// <summary>The files <paramref name="pattern"/> matches (<c>*</c>, <c>?</c> and <c>[...]</c> in any component), sorted.</summary>
    private static List<string> Glob(string pattern, LoadState state, ChronyConfDirective directive)
    {
        if (!HasWildcard(pattern))
        {
            return [pattern];
        }
        string[] parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        List<string> current = [pattern.StartsWith('/') ? "/" : "."];
        for (int i = 0; i < parts.Length; i++)
        {
            bool last = i == parts.Length - 1;
            var next = new List<string>();
            foreach (string directory in current)
            {
                if (!HasWildcard(parts[i]))
                {
                    next.Add(Path.Combine(directory, parts[i]));
                    continue;
                }
                try
                {
                    IReadOnlyList<string> entries = last ? state.Source.ListFiles(directory) : state.Source.ListDirectories(directory);
                    next.AddRange(entries.Where(e => GlobMatcher.Matches(parts[i], Path.GetFileName(e))));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    state.Problems.Add($"{directive.Where}: cannot list {directory}: {ErrorText.OneLine(e.Message)}");
                }
            }
            current = next;
        }
        current.Sort(StringComparer.Ordinal);
        return current;
    }

    private static bool HasWildcard(string text) => text.AsSpan().IndexOfAny("*?[") >= 0;

    private sealed class LoadState(IConfFiles files)
    {
        public IConfFiles Source { get; } = files;

        public List<ChronyConfDirective> Directives { get; } = [];

        public List<string> Files { get; } = [];

        public List<string> Problems { get; } = [];
    }
}
