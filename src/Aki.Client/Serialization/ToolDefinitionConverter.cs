using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>
/// Reads a tool by its <c>type</c>: none or <c>custom</c> with an <c>input_schema</c> is a <see cref="Tool"/>, the
/// common Anthropic server tools (any version) get their typed records, and anything else is kept whole as a
/// <see cref="RawTool"/>. Tools are few and small, so the object is read once into an element and inspected there.
/// </summary>
internal sealed class ToolDefinitionConverter : JsonConverter<ToolDefinition>
{
    public override ToolDefinition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A tool must be a JSON object, found {reader.TokenType}.");
        }

        JsonElement tool = JsonElement.ParseValue(ref reader);
        AkiJsonContext context = AkiJsonContext.Default;
        string? type = tool.TryGetProperty("type", out JsonElement typeValue) && typeValue.ValueKind == JsonValueKind.String ? typeValue.GetString() : null;
        bool hasTypeOfOtherKind = tool.TryGetProperty("type", out _) && type is null;
        if (hasTypeOfOtherKind)
        {
            return new RawTool(tool);
        }

        if (type is null or "custom")
        {
            return tool.TryGetProperty("input_schema", out JsonElement schema) && schema.ValueKind == JsonValueKind.Object
                && tool.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String
                ? tool.Deserialize(context.Tool)
                : new RawTool(tool);
        }

        return Prefix(type, "web_search_") ? tool.Deserialize(context.WebSearchTool)
            : Prefix(type, "code_execution_") ? tool.Deserialize(context.CodeExecutionTool)
            : Prefix(type, "bash_") ? tool.Deserialize(context.BashTool)
            : Prefix(type, "text_editor_") ? tool.Deserialize(context.TextEditorTool)
            : Prefix(type, "computer_") && tool.TryGetProperty("display_width_px", out _) && tool.TryGetProperty("display_height_px", out _)
                ? tool.Deserialize(context.ComputerTool)
            : new RawTool(tool);
    }

    public override void Write(Utf8JsonWriter writer, ToolDefinition value, JsonSerializerOptions options)
    {
        AkiJsonContext context = AkiJsonContext.Default;
        switch (value)
        {
            case Tool tool:
                JsonSerializer.Serialize(writer, tool, context.Tool);
                break;
            case WebSearchTool webSearch:
                JsonSerializer.Serialize(writer, webSearch, context.WebSearchTool);
                break;
            case CodeExecutionTool codeExecution:
                JsonSerializer.Serialize(writer, codeExecution, context.CodeExecutionTool);
                break;
            case BashTool bash:
                JsonSerializer.Serialize(writer, bash, context.BashTool);
                break;
            case TextEditorTool textEditor:
                JsonSerializer.Serialize(writer, textEditor, context.TextEditorTool);
                break;
            case ComputerTool computer:
                JsonSerializer.Serialize(writer, computer, context.ComputerTool);
                break;
            case RawTool raw:
                raw.Json.WriteTo(writer);
                break;
            default:
                throw new JsonException($"Unsupported tool type {value.GetType()}.");
        }
    }

    private static bool Prefix(string type, string prefix) => type.StartsWith(prefix, StringComparison.Ordinal);
}
