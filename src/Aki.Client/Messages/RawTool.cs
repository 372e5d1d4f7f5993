using System.Text.Json;

namespace Aki.Client;

/// <summary>
/// Any tool object the SDK has no type for (a newer server tool, an MCP toolset, a provider extension), sent exactly
/// as given. Requests read from JSON put every tool with an unknown <c>type</c> here.
/// </summary>
/// <param name="Json">The tool's JSON object.</param>
public sealed record RawTool(JsonElement Json) : ToolDefinition
{
    /// <summary>The tool's <c>type</c>, or null when the object has none.</summary>
    public string? Type => JsonProperty("type");

    /// <summary>The tool's <c>name</c>, or null when the object has none.</summary>
    public string? Name => JsonProperty("name");

    /// <summary>Makes a tool from JSON text.</summary>
    /// <param name="json">A JSON object, such as <c>{"type":"web_fetch_20250910","name":"web_fetch"}</c>.</param>
    /// <exception cref="System.ArgumentException">The text is not a JSON object.</exception>
    public static RawTool Parse(string json)
    {
        JsonElement element;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            element = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new System.ArgumentException($"The tool is not valid JSON: {e.Message}", nameof(json), e);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new System.ArgumentException($"A tool must be a JSON object, not {element.ValueKind}.", nameof(json));
        }

        return new RawTool(element);
    }

    private string? JsonProperty(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
