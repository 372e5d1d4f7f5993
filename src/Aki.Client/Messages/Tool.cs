using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A tool the caller runs, described by a JSON Schema for its input (a <c>custom</c> tool on the wire).</summary>
/// <param name="Name">The tool's name, as the model will use it in <see cref="ToolUseBlock.Name"/>.</param>
/// <param name="InputSchema">A JSON Schema object for the arguments (<c>{"type":"object","properties":{...}}</c>).</param>
public sealed record Tool(string Name, JsonElement InputSchema) : ToolDefinition
{
    /// <summary>The wire type: null (the usual form) or <c>custom</c>, as the request gave it.</summary>
    [JsonPropertyOrder(-1)]
    public string? Type { get; init; }

    /// <summary>What the tool does; models choose tools by it, so be specific.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// When true, asks the server to make the model's arguments match <see cref="InputSchema"/> exactly (structured
    /// outputs). Null leaves the server's default. Open-model servers may ignore it.
    /// </summary>
    public bool? Strict { get; init; }

    /// <summary>A prompt-cache breakpoint after this tool (<c>cache_control</c>); null for none.</summary>
    public CacheControl? CacheControl { get; init; }

    /// <summary>Creates a tool from a JSON Schema written as text.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="description">What the tool does.</param>
    /// <param name="inputSchemaJson">The input schema as JSON text.</param>
    /// <exception cref="ArgumentException">The schema is not a JSON object.</exception>
    public static Tool FromJsonSchema(string name, string description, string inputSchemaJson)
    {
        JsonElement schema;
        try
        {
            using JsonDocument document = JsonDocument.Parse(inputSchemaJson);
            schema = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The input schema of tool '{name}' is not valid JSON: {e.Message}", nameof(inputSchemaJson), e);
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The input schema of tool '{name}' must be a JSON object, not {schema.ValueKind}.", nameof(inputSchemaJson));
        }

        return new Tool(name, schema) { Description = description };
    }
}
