using Xunit.Abstractions;

namespace ClockBound.Packaging.Tests;

/// <summary>How a docs page's C# blocks are found and turned into source files (pure text work).</summary>
public sealed class DocsExampleTests(ITestOutputHelper output)
{
    [Fact]
    public void CSharpBlocksAreFencedAsCsharpSoThatTheyAreCompiled()
    {
        Assert.Empty(DocsExample.OtherCSharpFences(File.ReadAllText(Path.Combine(Repository.Root, "docs", "client.md"))));
    }

    [Fact]
    public void AnExampleSplitsIntoUsingsAMethodBodyAndFileLevelTypes()
    {
        const string Markdown = "text\n```csharp\nusing ClockBound;\n\nvar x = await Task.FromResult(clock);\nsealed class Holder(IClockBound clock) { }\n```\n```sh\nnot c#\n```\n";
        DocsExample example = Assert.Single(DocsExample.Extract(Markdown));
        Assert.Equal(2, example.Line);
        string source = example.ToSourceFile();
        output.WriteLine(source);
        int usingAt = source.IndexOf("using ClockBound;", StringComparison.Ordinal);
        int namespaceAt = source.IndexOf("namespace DocsExamples.Example01;", StringComparison.Ordinal);
        int methodAt = source.IndexOf("async global::System.Threading.Tasks.Task RunAsync()", StringComparison.Ordinal);
        int statementAt = source.IndexOf("var x = await", StringComparison.Ordinal);
        int typeAt = source.IndexOf("sealed class Holder", StringComparison.Ordinal);
        Assert.True(usingAt >= 0 && usingAt < namespaceAt && namespaceAt < methodAt && methodAt < statementAt && statementAt < typeAt, source);
        Assert.Contains("internal static global::ClockBound.ClockBoundClient clock = default!;", source, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExampleThatDoesNotParseIsReportedWithItsLine()
    {
        DocsExample example = Assert.Single(DocsExample.Extract("a\nb\n```csharp\nvar x = ;\n```\n"));
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(example.ToSourceFile);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
    }
}
