using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Xml.Linq;

namespace ClockBound.Packaging.Tests;

/// <summary>Reads what a .nupkg or .snupkg holds, without loading any of its assemblies into this process.</summary>
public static class PackedAssemblies
{
    /// <summary>The custom debug information kind that holds a PDB's source link JSON.</summary>
    public static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    /// <summary>The package's entry names.</summary>
    public static IReadOnlyList<string> Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    /// <summary>The bytes of one entry.</summary>
    public static byte[] Read(string package, string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry found = zip.GetEntry(entry) ?? throw new InvalidOperationException($"{Path.GetFileName(package)} has no {entry}");
        using Stream stream = found.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The package's .nuspec, parsed.</summary>
    public static XElement Nuspec(string package)
    {
        string entry = Entries(package).Single(e => e.EndsWith(".nuspec", StringComparison.Ordinal) && !e.Contains('/', StringComparison.Ordinal));
        using var stream = new MemoryStream(Read(package, entry));
        return XDocument.Load(stream).Root!;
    }

    /// <summary>The nuspec's metadata element named <paramref name="name"/> (namespace-agnostic).</summary>
    public static XElement? Metadata(XElement nuspec, string name) =>
        nuspec.Elements().Single(e => e.Name.LocalName == "metadata").Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The assemblies under lib/ (entry names).</summary>
    public static IReadOnlyList<string> LibraryAssemblies(string package) =>
        [.. Entries(package).Where(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal))];

    /// <summary>The public types (namespace-qualified, nested as Outer+Inner) an assembly exposes to a consumer.</summary>
    public static IReadOnlyList<string> PublicTypes(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        MetadataReader reader = pe.GetMetadataReader();
        var types = new List<string>();
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            if (IsVisible(reader, type))
            {
                types.Add(FullName(reader, type));
            }
        }
        return [.. types.Order(StringComparer.Ordinal)];
    }

    /// <summary>The CodeView id (PDB id) an assembly's debug directory names.</summary>
    public static Guid CodeViewGuid(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        DebugDirectoryEntry codeView = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
        return pe.ReadCodeViewDebugDirectoryData(codeView).Guid;
    }

    /// <summary>A portable PDB's id (its first 16 bytes are the CodeView guid) and its source link JSON (null if none).</summary>
    public static (Guid Id, string? SourceLink) ReadPortablePdb(byte[] pdb)
    {
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        MetadataReader reader = provider.GetMetadataReader();
        var id = new Guid(reader.DebugMetadataHeader!.Id.AsSpan(0, 16));
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation information = reader.GetCustomDebugInformation(handle);
            if (information.Parent.Kind == HandleKind.ModuleDefinition && reader.GetGuid(information.Kind) == SourceLinkKind)
            {
                return (id, Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value)));
            }
        }
        return (id, null);
    }

    private static bool IsVisible(MetadataReader reader, TypeDefinition type)
    {
        TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public)
        {
            return true;
        }
        // A nested type is visible outside when it is public or protected in a visible type that can be derived from.
        if (visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem)
        {
            TypeDefinition declaring = reader.GetTypeDefinition(type.GetDeclaringType());
            return IsVisible(reader, declaring)
                && (visibility == TypeAttributes.NestedPublic || (declaring.Attributes & TypeAttributes.Sealed) == 0);
        }
        return false;
    }

    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        string name = reader.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } declaring)
        {
            return FullName(reader, reader.GetTypeDefinition(declaring)) + "+" + name;
        }
        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
