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

    /// <summary>
    /// The message of the 404 answer: that no fixture matched, what of the request was compared, and the nearest
    /// candidate with the criteria it failed, so the fix (a fixture, a criterion, a scenario) is plain.
    /// </summary>
    public static string DescribeMiss(IReadOnlyList<Fixture> fixtures, string method, string path, string? scenario, MessagesRequest? request, bool recordedOnly)
    {
        var text = new StringBuilder("No fixture matched ").Append(method).Append(' ').Append(path).Append(". Compared: ");
        if (request is not null)
        {
            text.Append("model \"").Append(request.Model).Append('"')
                .Append(", stream ").Append(request.Stream ? "true" : "false")
                .Append(", ").Append(request.MessageCount.ToString(CultureInfo.InvariantCulture)).Append(request.MessageCount == 1 ? " message" : " messages")
                .Append(", first user text ").Append(request.FirstUserText is null ? "(none)" : FixtureMatch.Quote(request.FirstUserText, 80))
                .Append(", ");
        }

        text.Append(scenario is null ? "no scenario" : "scenario \"" + scenario + "\"")
            .Append(" (header ").Append(AkiFixtureServer.ScenarioHeader).Append(')');
        if (recordedOnly)
        {
            text.Append(", in record mode (only exact recordings replay)");
        }

        List<Fixture> candidates = fixtures.Where(f => f.Match.Path == path && (!recordedOnly || IsExactRecording(f))).ToList();
        if (candidates.Count == 0)
        {
            return text.Append(". There are no fixtures for ").Append(path).Append('.').ToString();
        }

        // Nearest: the fewest failed criteria; then the most specific; then the first name.
        (Fixture nearest, List<string> failed) = candidates
            .Select(f => (Fixture: f, Failed: FailedCriteria(f.Match, scenario, request)))
            .OrderBy(c => c.Failed.Count)
            .ThenByDescending(c => c.Fixture.Match.Specificity)
            .ThenBy(c => c.Fixture.Name, StringComparer.Ordinal)
            .First();
        text.Append(". Nearest: ").Append(nearest).Append(", which differs in ").AppendJoin(" and ", failed).Append('.');

        List<Fixture> others = candidates.Where(f => f != nearest).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (others.Count > 0)
        {
            text.Append(" Other fixtures for ").Append(path).Append(": ").AppendJoin("; ", others.Select(f => f.ToString())).Append('.');
        }

        return text.ToString();
    }

    /// <summary>Which of a fixture's criteria the request does not meet, each with what the fixture wants.</summary>
    private static List<string> FailedCriteria(FixtureMatch match, string? scenario, MessagesRequest? request)
    {
        var failed = new List<string>();
        if (!string.Equals(match.Scenario, scenario, StringComparison.OrdinalIgnoreCase))
        {
            failed.Add(match.Scenario is null ? "scenario (it answers only requests without one)" : "scenario (it wants \"" + match.Scenario + "\")");
        }

        if (request is null)
        {
            return failed;
        }

        if (match.Model is not null && !string.Equals(match.Model, request.Model, StringComparison.Ordinal))
        {
            failed.Add("model (it wants \"" + match.Model + "\")");
        }

        if (match.Stream is not null && match.Stream != request.Stream)
        {
            failed.Add("stream (it wants " + (match.Stream.Value ? "true" : "false") + ")");
        }

        if (match.MessageCount is not null && match.MessageCount != request.MessageCount)
        {
            failed.Add("message count (it wants " + match.MessageCount.Value.ToString(CultureInfo.InvariantCulture) + ")");
        }

        if (match.UserText is not null && !(request.FirstUserText is not null && string.Equals(match.UserText.Trim(), request.FirstUserText.Trim(), StringComparison.Ordinal)))
        {
            failed.Add("user text (it wants exactly " + FixtureMatch.Quote(match.UserText, 60) + ")");
        }

        if (match.UserTextContains is not null && !(request.FirstUserText?.Contains(match.UserTextContains, StringComparison.OrdinalIgnoreCase) ?? false))
        {
            failed.Add("user text (it wants it to contain " + FixtureMatch.Quote(match.UserTextContains, 60) + ")");
        }

        return failed;
    }
}
