using System;
using System.Threading;

namespace Aki.Client.Testing;

/// <summary>Sets the scenario of the current async flow and puts the previous one back when disposed.</summary>
internal sealed class ScenarioScope : IDisposable
{
    private readonly AsyncLocal<string?> _current;
    private readonly string? _previous;
    private int _disposed;

    public ScenarioScope(AsyncLocal<string?> current, string scenario)
    {
        _current = current;
        _previous = current.Value;
        current.Value = scenario;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _current.Value = _previous;
        }
    }
}
