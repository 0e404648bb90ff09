using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ClockBound.Packaging.Tests;

/// <summary>
/// One <c>```csharp</c> block of a Markdown page, and the C# file that compiles it (the convention
/// docs/client.md states under "Installing the packages"): its <c>using</c> directives at the top,
/// its type declarations at file level, its other statements as the body of a method in which a
/// few names (<see cref="AmbientNames"/>) are in scope without being declared.
/// </summary>
/// <param name="Number">Its position among the page's C# blocks, from 1.</param>
/// <param name="Line">The line of its opening fence.</param>
/// <param name="Code">Its text.</param>
public sealed partial record DocsExample(int Number, int Line, string Code)
{
    /// <summary>The names an example may use undeclared, with their types (a local of the same name hides one).</summary>
    public static readonly IReadOnlyList<(string Name, string Type)> AmbientNames =
    [
        ("clock", "global::ClockBound.ClockBoundClient"),
        ("logger", "global::Microsoft.Extensions.Logging.ILogger"),
        ("services", "global::Microsoft.Extensions.DependencyInjection.IServiceCollection"),
        ("someInstant", "global::ClockBound.UnixInstant"),
        ("cancellationToken", "global::System.Threading.CancellationToken"),
        ("args", "string[]"),
    ];

    /// <summary>The C# blocks of <paramref name="markdown"/>, in order.</summary>
    public static IReadOnlyList<DocsExample> Extract(string markdown)
    {
        var examples = new List<DocsExample>();
        string[] lines = markdown.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp")
            {
                continue;
            }
            int start = i;
            var code = new StringBuilder();
            for (i++; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
            {
                code.Append(lines[i]).Append('\n');
            }
            if (i == lines.Length)
            {
                throw new InvalidOperationException($"the ```csharp block at line {start + 1} is never closed");
            }
            examples.Add(new DocsExample(examples.Count + 1, start + 1, code.ToString()));
        }
        return examples;
    }

    /// <summary>The blocks whose fence names C# some other way (```cs, ```c#, ```C#): the convention is ```csharp.</summary>
    public static IReadOnlyList<int> OtherCSharpFences(string markdown) =>
        [.. markdown.Split('\n').Select((line, index) => (line.TrimEnd(), index + 1))
            .Where(l => OtherCSharpFence().IsMatch(l.Item1)).Select(l => l.Item2)];

    /// <summary>The file name of the generated source.</summary>
    public string FileName => $"Example{Number:D2}.cs";

    /// <summary>The source file that compiles this block.</summary>
    /// <exception cref="InvalidOperationException">The block does not parse as C#.</exception>
    public string ToSourceFile()
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(Code, new CSharpParseOptions(LanguageVersion.Latest));
        Diagnostic[] errors = [.. tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
        if (errors.Length > 0)
        {
            throw new InvalidOperationException(
                $"the C# block at line {Line} does not parse:\n{string.Join('\n', errors.Select(e => e.ToString()))}\n{Code}");
        }
        var root = (CompilationUnitSyntax)tree.GetRoot();
        string[] statements = [.. root.Members.OfType<GlobalStatementSyntax>().Select(s => s.ToFullString())];
        string[] declarations = [.. root.Members.Where(m => m is not GlobalStatementSyntax).Select(m => m.ToFullString())];
        bool awaits = root.Members.OfType<GlobalStatementSyntax>()
            .Any(s => s.DescendantNodes(n => n is not (LambdaExpressionSyntax or LocalFunctionStatementSyntax or AnonymousMethodExpressionSyntax))
                .Any(n => n is AwaitExpressionSyntax || (n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: > 0 }) || n is ForEachStatementSyntax { AwaitKeyword.RawKind: > 0 }));

        var file = new StringBuilder();
        file.Append($"// docs/client.md, C# block {Number} (line {Line}): written by the DocsExamples test.\n");
        foreach (UsingDirectiveSyntax directive in root.Usings)
        {
            file.Append(directive.ToFullString().Trim()).Append('\n');
        }
        foreach (AttributeListSyntax attributes in root.AttributeLists)
        {
            file.Append(attributes.ToFullString().Trim()).Append('\n');
        }
        file.Append($"\nnamespace DocsExamples.Example{Number:D2};\n\n");
        file.Append("[global::System.Runtime.Versioning.SupportedOSPlatform(\"linux\")]\n");
        file.Append("internal static class Example\n{\n");
        foreach ((string name, string type) in AmbientNames)
        {
            file.Append($"    internal static {type} {name} = default!;\n");
        }
        file.Append(awaits ? "\n    internal static async global::System.Threading.Tasks.Task RunAsync()\n    {\n" : "\n    internal static void Run()\n    {\n");
        foreach (string statement in statements)
        {
            file.Append(statement);
        }
        file.Append("\n    }\n}\n");
        foreach (string declaration in declarations)
        {
            file.Append('\n').Append(declaration);
        }
        return file.ToString();
    }

    [GeneratedRegex(@"^```\s*(cs|c#|C#|CSharp|CS)\s*$")]
    private static partial Regex OtherCSharpFence();
}
