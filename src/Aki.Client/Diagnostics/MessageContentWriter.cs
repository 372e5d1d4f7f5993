using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aki.Client.Diagnostics;

/// <summary>
/// Writes messages in the GenAI conventions' JSON shape for <c>gen_ai.input.messages</c>,
/// <c>gen_ai.output.messages</c> and <c>gen_ai.system_instructions</c>: a role and its parts (<c>text</c>,
/// <c>reasoning</c>, <c>tool_call</c>, <c>tool_call_response</c>). Blocks the conventions have no part for
/// (images, documents, redacted thinking) appear as a part of their own type without their data.
/// Used only when <see cref="AkiClientOptions.CaptureMessageContent"/> is on.
/// </summary>
internal static class MessageContentWriter
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Input(IReadOnlyList<MessageParam> messages) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (MessageParam message in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", message.Role.Value);
            writer.WriteStartArray("parts");
            WriteParts(writer, message.Content.ToBlocks());
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static string? SystemInstructions(SystemPrompt? system)
    {
        if (system is null)
        {
            return null;
        }

        return Write(writer =>
        {
            writer.WriteStartArray();
            if (system.Text is { } text)
            {
                WriteText(writer, "text", text);
            }
            else if (system.Blocks is { } blocks)
            {
                foreach (TextBlock block in blocks)
                {
                    WriteText(writer, "text", block.Text);
                }
            }

            writer.WriteEndArray();
        });
    }

    public static string Output(Message message) => Write(writer =>
    {
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        writer.WriteStartArray("parts");
        WriteParts(writer, message.Content);
        writer.WriteEndArray();
        if (message.StopReason is { } reason)
        {
            writer.WriteString("finish_reason", FinishReason(reason));
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    /// <summary>
    /// <c>gen_ai.tool.definitions</c> as MEAI writes it: each tool's type and name always, its description and input
    /// schema only when content may be recorded (they can describe the application's data).
    /// </summary>
    public static string ToolDefinitions(IReadOnlyList<ToolDefinition> tools, bool includeDetails) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (ToolDefinition definition in tools)
        {
            writer.WriteStartObject();
            switch (definition)
            {
                case Tool tool:
                    writer.WriteString("type", "function");
                    writer.WriteString("name", tool.Name);
                    if (includeDetails)
                    {
                        if (tool.Description is { } description)
                        {
                            writer.WriteString("description", description);
                        }

                        if (tool.InputSchema.ValueKind != JsonValueKind.Undefined)
                        {
                            writer.WritePropertyName("parameters");
                            tool.InputSchema.WriteTo(writer);
                        }
                    }

                    break;
                case ServerTool server:
                    // A tool the provider runs (web search, code execution...): its own type, no schema.
                    writer.WriteString("type", server.Type);
                    writer.WriteString("name", server.Name);
                    break;
                case RawTool raw:
                    writer.WriteString("type", raw.Type ?? "custom");
                    if (raw.Name is { } name)
                    {
                        writer.WriteString("name", name);
                    }

                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>The conventions' finish reason for an output message (the span attribute keeps AKI.IO's own value).</summary>
    internal static string FinishReason(StopReason reason) => reason.Value switch
    {
        "end_turn" or "stop_sequence" => "stop",
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_call",
        "refusal" => "content_filter",
        string other => other,
    };

    private static void WriteParts(Utf8JsonWriter writer, IReadOnlyList<ContentBlock> blocks)
    {
        foreach (ContentBlock block in blocks)
        {
            switch (block)
            {
                case TextBlock text:
                    WriteText(writer, "text", text.Text);
                    break;
                case ThinkingBlock thinking:
                    WriteText(writer, "reasoning", thinking.Thinking);
                    break;
                case ToolUseBlock toolUse:
                    writer.WriteStartObject();
                    writer.WriteString("type", "tool_call");
                    writer.WriteString("id", toolUse.Id);
                    writer.WriteString("name", toolUse.Name);
                    writer.WritePropertyName("arguments");
                    if (toolUse.IncompleteInputJson is { } incomplete)
                    {
                        writer.WriteStringValue(incomplete);
                    }
                    else
                    {
                        toolUse.Input.WriteTo(writer);
                    }

                    writer.WriteEndObject();
                    break;
                case ToolResultBlock result:
                    writer.WriteStartObject();
                    writer.WriteString("type", "tool_call_response");
                    writer.WriteString("id", result.ToolUseId);
                    writer.WriteString("response", result.Content?.ToString() ?? string.Empty);
                    writer.WriteEndObject();
                    break;
                default:
                    writer.WriteStartObject();
                    writer.WriteString("type", block.Type);
                    writer.WriteEndObject();
                    break;
            }
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string type, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }

    private static string Write(System.Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
