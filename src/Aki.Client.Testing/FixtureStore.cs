using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Aki.Client.Testing;

/// <summary>The fixtures a server answers from; record mode adds to it while requests are being served.</summary>
internal sealed class FixtureStore
{
    private readonly Lock _gate = new();
    private Fixture[] _fixtures;

    /// <summary>Later fixtures replace earlier ones of the same name (a folder's file overrides a starter fixture).</summary>
    public FixtureStore(IEnumerable<Fixture> fixtures)
    {
        var byName = new Dictionary<string, Fixture>(StringComparer.Ordinal);
        foreach (Fixture fixture in fixtures)
        {
            byName[fixture.Name] = fixture;
        }

        _fixtures = Sorted(byName.Values);
    }

    /// <summary>A snapshot, safe to enumerate while recordings are added.</summary>
    public IReadOnlyList<Fixture> Current => Volatile.Read(ref _fixtures);

    public void Add(Fixture fixture)
    {
        lock (_gate)
        {
            _fixtures = Sorted(_fixtures.Where(f => f.Name != fixture.Name).Append(fixture));
        }
    }

    private static Fixture[] Sorted(IEnumerable<Fixture> fixtures) => fixtures.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
}
