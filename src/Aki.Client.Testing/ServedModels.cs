using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Aki.Client.Testing;

/// <summary>
/// Which model ids the server serves, as AKI.IO would: those in its default <c>GET /v1/models</c> answer and those its
/// fixtures name. Any other id is answered by <see cref="FallbackModel"/>, AKI.IO's silent fallback.
/// </summary>
internal static class ServedModels
{
    public const string FallbackModel = "minimax-m2.5-230b";

    public static bool Contains(IReadOnlyList<Fixture> fixtures, string model)
    {
        foreach (Fixture fixture in fixtures)
        {
            if (string.Equals(fixture.Match.Model, model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (Fixture fixture in fixtures)
        {
            if (fixture.Match.Path == FixtureMatch.ModelsPath && fixture.Match.Scenario is null && fixture.Response.BodyIsJson && ListNames(fixture.Response.Body!, model))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a model list (vLLM's <c>{"data":[{"id"}]}</c> or Anthropic's, which has the same fields) names the model.</summary>
    private static bool ListNames(byte[] body, string model)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out JsonElement data)
                || data.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (JsonElement entry in data.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out JsonElement id)
                    && id.ValueKind == JsonValueKind.String && id.ValueEquals(model))
                {
                    return true;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
