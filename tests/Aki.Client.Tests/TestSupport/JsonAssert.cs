using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Aki.Client.Tests;

/// <summary>Compares JSON by structure (property order and whitespace ignored), never as strings.</summary>
internal static class JsonAssert
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void Equivalent(string expectedJson, string? actualJson)
    {
        Assert.NotNull(actualJson);
        Equivalent(JsonNode.Parse(expectedJson), JsonNode.Parse(actualJson!));
    }

    public static void Equivalent(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            throw new XunitException($"The JSON differs.{System.Environment.NewLine}Expected: {Canonical(expected)}{System.Environment.NewLine}Actual:   {Canonical(actual)}");
        }
    }

    /// <summary>The property named <paramref name="name"/> of the top-level object, failing when absent.</summary>
    public static JsonNode Property(string json, string name)
    {
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        Assert.True(root.ContainsKey(name), $"Expected a '{name}' property in {json}");
        return root[name]!;
    }

    /// <summary>Sorts object keys so that two printed documents line up for a reader.</summary>
    private static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString(s_indented) ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, System.StringComparer.Ordinal)
            .Select(p => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
