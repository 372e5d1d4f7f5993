using System;

namespace Aki.Client.FixtureServer;

/// <summary>The command line cannot be understood; the message says which part and why.</summary>
internal sealed class UsageException(string message) : Exception(message);
