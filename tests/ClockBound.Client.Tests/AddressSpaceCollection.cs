namespace ClockBound.Client.Tests;

/// <summary>
/// Tests that measure this process's address space run alone: a test running beside them starts
/// threads (8 MB of stack each) and grows the heap, which a measurement cannot tell from a leak.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AddressSpaceCollection
{
    public const string Name = "Address space";
}
