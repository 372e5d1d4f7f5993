using System.Text;
using System.Text.Json;
using Aki.Client.Serialization;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>
/// Structured answers ride on a forced tool: the Messages API of AKI.IO has no documented response-format field, and
/// open models follow a tool's input schema far more reliably than a schema in the prompt. The tool's input is the
/// answer; the adapter hands it back as the response's JSON text.
/// </summary>
internal static class StructuredOutput
{
    public const string DefaultToolName = "json_response";

    public static Tool CreateTool(ChatResponseFormatJson format)
    {
        JsonElement schema = format.Schema ?? JsonValues.Parse("""{"type":"object"}""");
        if (schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("type", out JsonElement type)
            || type.ValueKind != JsonValueKind.String
            || type.GetString() != "object")
        {
            throw new System.ArgumentException(
                "AKI.IO takes a structured answer as a tool input, which must be a JSON object: give ChatResponseFormat.ForJsonSchema a schema with \"type\": \"object\" (GetResponseAsync<T> wraps other types for you).",
                "options");
        }

        return new Tool(ToolName(format.SchemaName), schema)
        {
            Description = format.SchemaDescription is { Length: > 0 } description
                ? "Give your answer by calling this tool, exactly once: " + description
                : "Give your answer by calling this tool, exactly once, with input that follows its schema.",
        };
    }

    // Tool names allow letters, digits, '_' and '-' (at most 64); schema names are freer.
    private static string ToolName(string? schemaName)
    {
        if (string.IsNullOrEmpty(schemaName))
        {
            return DefaultToolName;
        }

        var name = new StringBuilder(schemaName!.Length);
        foreach (char c in schemaName)
        {
            name.Append((c is >= 'a' and <= 'z') || (c is >= 'A' and <= 'Z') || (c is >= '0' and <= '9') || c is '_' or '-' ? c : '_');
            if (name.Length == 64)
            {
                break;
            }
        }

        return name.ToString();
    }
}
