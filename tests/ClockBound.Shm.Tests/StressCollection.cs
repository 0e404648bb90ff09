namespace ClockBound.Shm.Tests;

/// <summary>
/// The torn-read stress tests run alone, not alongside the other test classes: on a two-core
/// machine they need both cores for the writer and readers to really overlap.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    public const string Name = "Torn-read stress";
}
