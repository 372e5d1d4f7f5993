using System.Reflection;
using System.Text.RegularExpressions;
using Aki.Client.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>The log events' ids and names are stable and unique, and the table in docs/observability.md lists each.</summary>
public sealed partial class LogEventCatalogueTests
{
    [Fact]
    public void EveryLogEventHasAUniqueIdAndNameAndTheDocsListThemAll()
    {
        var events = typeof(AkiLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(attribute => (attribute.EventId, attribute.EventName!, attribute.Level))
            .OrderBy(e => e.EventId)
            .ToList();
        Assert.Equal(12, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(events.Count, events.Select(e => e.Item2).Distinct().Count());

        string docs = File.ReadAllText(Path.Combine(TestPaths.ProjectDirectory, "..", "..", "docs", "observability.md"));
        var documented = Row().Matches(docs)
            .Select(match => (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, Enum.Parse<LogLevel>(match.Groups[3].Value)))
            .ToList();
        Assert.Equal(events, documented);
    }

    [GeneratedRegex(@"^\| (\d{4}) \| `(\w+)` \| (\w+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
