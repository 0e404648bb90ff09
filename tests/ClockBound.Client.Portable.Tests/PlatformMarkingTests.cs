using System.Reflection;
using System.Runtime.Versioning;

namespace ClockBound.Client.Portable.Tests;

/// <summary>
/// Platform marking only on what touches the OS: among the package's public types only
/// <see cref="ClockBoundClient"/> says Linux, and neither assembly that holds public types says it
/// as a whole (which would mark every type in it).
/// </summary>
public sealed class PlatformMarkingTests
{
    private static readonly Assembly[] PublicAssemblies = [typeof(ClockBoundClient).Assembly, typeof(ClockStatus).Assembly];

    [Fact]
    public void OnlyTheClientIsLinuxOnly()
    {
        string[] marked = PublicAssemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.GetCustomAttributes<SupportedOSPlatformAttribute>().Any())
            .Select(t => t.FullName!)
            .ToArray();
        Assert.Equal(["ClockBound.ClockBoundClient"], marked);
        Assert.Equal("linux", typeof(ClockBoundClient).GetCustomAttribute<SupportedOSPlatformAttribute>()!.PlatformName);
    }

    [Fact]
    public void NoAssemblyWithPublicTypesIsMarkedAsAWhole()
    {
        foreach (Assembly assembly in PublicAssemblies)
        {
            Assert.Empty(assembly.GetCustomAttributes<SupportedOSPlatformAttribute>());
        }
    }

    [Fact]
    public void NoPublicMemberOfTheAbstractionsIsMarked()
    {
        string[] marked = PublicAssemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t != typeof(ClockBoundClient))
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<SupportedOSPlatformAttribute>().Any())
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToArray();
        Assert.Empty(marked);
    }
}
