using System.Reflection;

namespace ClockBound.Client.Tests;

/// <summary>
/// The ClockBound.Client package's public types, exactly: the client's own and nothing of the
/// assemblies packed with it. A new public type fails here (and, member by member, in the build:
/// PublicAPI.*.txt). The package holds ClockBound.Client and every ClockBound assembly it
/// references (it packs its project references and has no dependencies).
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["ClockBound.Client"] =
        [
            "ClockBound.ClockBoundClient",
            "ClockBound.ClockBoundClientOptions",
            "ClockBound.ClockBoundExtensions",
            "ClockBound.ClockBoundNow",
            "ClockBound.IClockBound",
            "ClockBound.UnixInstant",
            // Moves to its own testing package (issue 10); until then it ships here.
            "ClockBound.Testing.FakeClockBound",
        ],
        // The types the daemon writes and the client's users read.
        ["ClockBound.Shm"] = ["ClockBound.ClockBoundErrorKind", "ClockBound.ClockBoundException", "ClockBound.ClockStatus"],
        ["ClockBound.VMClock"] = [],
        ["ClockBound.Interop"] = [],
    };

    private static Dictionary<string, Assembly> PackageAssemblies()
    {
        var found = new Dictionary<string, Assembly>();
        var pending = new Stack<Assembly>([typeof(ClockBoundClient).Assembly]);
        while (pending.TryPop(out Assembly? assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name!.StartsWith("ClockBound.", StringComparison.Ordinal))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }
        return found;
    }

    [Fact]
    public void ThePackageHoldsTheseAssemblies() =>
        Assert.Equal(Expected.Keys.Order(), PackageAssemblies().Keys.Order());

    [Fact]
    public void EachAssemblyHasExactlyThesePublicTypes()
    {
        foreach ((string name, Assembly assembly) in PackageAssemblies())
        {
            string[] exported = assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();
            Assert.True(Expected.TryGetValue(name, out string[]? expected), $"unexpected assembly {name} in the package");
            Assert.Equal(expected.Order(StringComparer.Ordinal), exported);
        }
    }

    [Fact]
    public void UsersNeedOneNamespace()
    {
        string[] namespaces = PackageAssemblies().Values
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.FullName != "ClockBound.Testing.FakeClockBound")
            .Select(t => t.Namespace!)
            .Distinct()
            .ToArray();
        Assert.Equal(["ClockBound"], namespaces);
    }
}
