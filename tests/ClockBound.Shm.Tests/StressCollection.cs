namespace ClockBound.Shm.Tests;

/// <summary>
/// The torn-read stress tests run alone, not alongside the other test classes: on a two-core
/// machine they need both cores for the writer and readers to really overlap. Tests that reopen a
/// segment's lock in a tight loop run here too, away from the classes that fork test hosts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    public const string Name = "Torn-read stress";
}
