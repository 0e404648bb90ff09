namespace ClockBound.Ctl.Tests;

public sealed class GlobMatcherTests
{
    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", "a.sources", false)]
    [InlineData("*.conf", ".hidden.conf", false)]
    [InlineData(".*.conf", ".hidden.conf", true)]
    [InlineData("?.conf", "a.conf", true)]
    [InlineData("?.conf", "ab.conf", false)]
    [InlineData("[ab].conf", "b.conf", true)]
    [InlineData("[a-c]x", "cx", true)]
    [InlineData("[!a]x", "ax", false)]
    [InlineData("[!a]x", "bx", true)]
    [InlineData("[x", "[x", true)] // no closing bracket: a literal '['
    [InlineData("chrony.conf", "chrony.conf", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    public void MatchesLikeAShell(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GlobMatcher.Matches(pattern, name));
}
