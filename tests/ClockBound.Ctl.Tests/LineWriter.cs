using System.Text;

namespace ClockBound.Ctl.Tests;

/// <summary>A thread-safe TextWriter that collects complete lines, for a command running on another thread.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _lines = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Add(_partial.ToString());
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Polls until a line satisfies <paramref name="predicate"/>; fails the test after <paramref name="timeout"/>.</summary>
    public string WaitForLine(Func<string, bool> predicate, TimeSpan timeout, string what)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            string? found = Lines.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"no line {what} within {timeout.TotalSeconds} s; got:\n{string.Join('\n', Lines)}");
            }
            Thread.Sleep(10);
        }
    }
}
