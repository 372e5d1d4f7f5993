namespace Aki.Client.Tests;

/// <summary>
/// Tests that measure the whole process (managed heap, allocated bytes, the machine's TCP sockets) or load it: they
/// run alone, after the parallel tests, so that nothing else's sockets or garbage is counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SocketTestCollection
{
    public const string Name = "Process-wide measurements";
}
