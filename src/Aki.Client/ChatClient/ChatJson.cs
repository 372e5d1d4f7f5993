using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aki.Client.Serialization;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>
/// Turns the loosely typed values of Microsoft.Extensions.AI (function arguments, results, additional properties)
/// into JSON and back, through <see cref="AIJsonUtilities.DefaultOptions"/>: its resolver is source-generated for the
/// common types, so nothing here needs reflection-based serialization.
/// </summary>
internal static class ChatJson
{
    /// <summary>Serializes any value with the options' own metadata for its runtime type.</summary>
    public static JsonElement ToElement(object? value) => value switch
    {
        null => JsonValues.Parse("null"),
        JsonElement element => element,
        JsonNode node => JsonValues.Parse(node.ToJsonString()),
        _ => JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
    };

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonNode.Parse(ToElement(value).GetRawText()),
    };

    /// <summary>Function-call arguments as the JSON object a <c>tool_use</c> block carries.</summary>
    public static JsonElement ArgumentsToObject(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return JsonValues.EmptyObject;
        }

        var obj = new JsonObject();
        foreach (KeyValuePair<string, object?> argument in arguments)
        {
            obj[argument.Key] = ToNode(argument.Value);
        }

        return JsonValues.Parse(obj.ToJsonString());
    }

    /// <summary>
    /// A <c>tool_use</c> input as function arguments: each property a <see cref="JsonElement"/>, which
    /// <see cref="AIFunction"/> binds to parameters of any type.
    /// </summary>
    public static Dictionary<string, object?>? ObjectToArguments(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in input.EnumerateObject())
        {
            arguments[property.Name] = property.Value;
        }

        return arguments;
    }

    /// <summary>A tool result's value as text for a <c>tool_result</c> block: strings as they are, anything else as JSON.</summary>
    public static string ResultToText(object value) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => Compact(element),
        _ => Compact(ToElement(value)),
    };

    // AIJsonUtilities.DefaultOptions indents; a result sent to the model should not spend tokens on whitespace.
    private static string Compact(JsonElement element)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
