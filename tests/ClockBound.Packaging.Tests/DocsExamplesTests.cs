using Xunit.Abstractions;

namespace ClockBound.Packaging.Tests;

/// <summary>
/// Every ```csharp block of docs/client.md compiles against the packed packages, with warnings as
/// errors, so the page cannot drift from the API.
/// </summary>
[Collection(ConsumerCollection.Name)]
public sealed class DocsExamplesTests(ConsumerSuite suite, ITestOutputHelper output)
{
    private static string Page => File.ReadAllText(Path.Combine(Repository.Root, "docs", "client.md"));

    [Fact]
    public void EveryCSharpBlockOfTheClientPageCompilesAgainstThePackages()
    {
        IReadOnlyList<DocsExample> examples = DocsExample.Extract(Page);
        Assert.NotEmpty(examples);
        string directory = Path.Combine(suite.Project("DocsExamples"), "Examples");
        Directory.CreateDirectory(directory);
        foreach (DocsExample example in examples)
        {
            File.WriteAllText(Path.Combine(directory, example.FileName), example.ToSourceFile());
        }
        output.WriteLine($"{examples.Count} C# blocks, at lines {string.Join(", ", examples.Select(e => e.Line))}");

        ProcessResult result = suite.Build("DocsExamples");
        string text = result.StandardOutput + result.StandardError;
        // Name each failing block by its line in the page, not the generated file.
        foreach (DocsExample example in examples)
        {
            text = text.Replace(Path.Combine(directory, example.FileName), $"docs/client.md block at line {example.Line} ({example.FileName})", StringComparison.Ordinal);
        }
        Assert.True(result.ExitCode == 0, $"docs/client.md's examples do not compile:\n{text}");
        Assert.DoesNotContain(": warning ", text, StringComparison.Ordinal);
    }
}
