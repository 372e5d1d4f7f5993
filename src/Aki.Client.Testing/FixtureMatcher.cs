using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Aki.Client.Testing;

/// <summary>
/// Picks the fixture that answers a request: every criterion a fixture states must hold, the scenario must be the
/// request's (or both absent), and the most specific candidate wins; ties go to the name first in ordinal order.
/// </summary>
internal static class FixtureMatcher
{
    public static Fixture? Find(IReadOnlyList<Fixture> fixtures, string path, string? scenario, MessagesRequest? request, bool recordedOnly)
    {
        Fixture? best = null;
        foreach (Fixture fixture in fixtures)
        {
            if (!Matches(fixture.Match, path, scenario, request) || (recordedOnly && !IsExactRecording(fixture)))
            {
                continue;
            }

            if (best is null
                || fixture.Match.Specificity > best.Match.Specificity
                || (fixture.Match.Specificity == best.Match.Specificity && string.CompareOrdinal(fixture.Name, best.Name) < 0))
            {
                best = fixture;
            }
        }

        return best;
    }

    public static bool Matches(FixtureMatch match, string path, string? scenario, MessagesRequest? request)
    {
        if (match.Path != path || !string.Equals(match.Scenario, scenario, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (request is null)
        {
            return match.Model is null && match.Stream is null && match.MessageCount is null && match.UserText is null && match.UserTextContains is null;
        }

        return (match.Model is null || string.Equals(match.Model, request.Model, StringComparison.Ordinal))
            && (match.Stream is null || match.Stream == request.Stream)
            && (match.MessageCount is null || match.MessageCount == request.MessageCount)
            && (match.UserText is null || (request.FirstUserText is not null && string.Equals(match.UserText.Trim(), request.FirstUserText.Trim(), StringComparison.Ordinal)))
            && (match.UserTextContains is null || (request.FirstUserText?.Contains(match.UserTextContains, StringComparison.OrdinalIgnoreCase) ?? false));
    }

    /// <summary>
    /// In record mode only recordings replay: fixtures from the folder that pin down the model, the stream flag, the
    /// message count and the exact text (what the recorder writes), or any folder fixture for the model list.
    /// </summary>
    public static bool IsExactRecording(Fixture fixture) =>
        !fixture.IsStarter
        && (fixture.Match.Path == FixtureMatch.ModelsPath
            || (fixture.Match.Model is not null && fixture.Match.Stream is not null && fixture.Match.MessageCount is not null && fixture.Match.UserText is not null));

    /// <summary>The message of the 404 answer: what was asked, and what the server could have answered.</summary>
    public static string DescribeMiss(IReadOnlyList<Fixture> fixtures, string method, string path, string? scenario, MessagesRequest? request, bool recordedOnly)
    {
        var text = new StringBuilder("No fixture matches ").Append(method).Append(' ').Append(path);
        if (request is not null)
        {
            text.Append(" with model \"").Append(request.Model).Append('"')
                .Append(", stream ").Append(request.Stream ? "true" : "false")
                .Append(", ").Append(request.MessageCount.ToString(CultureInfo.InvariantCulture)).Append(request.MessageCount == 1 ? " message" : " messages")
                .Append(", first user text ").Append(request.FirstUserText is null ? "(none)" : FixtureMatch.Quote(request.FirstUserText, 80));
        }

        text.Append(request is null ? " with " : ", ")
            .Append(scenario is null ? "no scenario" : "scenario \"" + scenario + "\"")
            .Append(" (header ").Append(AkiFixtureServer.ScenarioHeader).Append(')');
        if (recordedOnly)
        {
            text.Append(", in record mode (only exact recordings replay)");
        }

        List<Fixture> candidates = fixtures.Where(f => f.Match.Path == path).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            text.Append(". There are no fixtures for ").Append(path).Append('.');
        }
        else
        {
            text.Append(". Fixtures for ").Append(path).Append(": ");
            text.AppendJoin("; ", candidates.Select(f => f.ToString()));
            text.Append('.');
        }

        return text.ToString();
    }
}
