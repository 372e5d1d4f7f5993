using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Testing;

/// <summary>
/// Lets one fixture answer both kinds of request: folds a recorded stream into the message a non-streaming call
/// returns, and spells a recorded message out as the stream an open-model server (vLLM) would send for it.
/// </summary>
internal static class MessageStreamConverter
{
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Folds SSE frames into a message, following the accumulation rules of the Messages API. An <c>error</c> event
    /// becomes the error answer a non-streaming call gets instead (its status taken from the error type).
    /// </summary>
    public static (int Status, byte[] Body) Fold(IReadOnlyList<SseFrame> frames)
    {
        JsonObject message = new() { ["type"] = "message", ["role"] = "assistant" };
        var blocks = new SortedDictionary<int, JsonObject>();
        var partialJson = new Dictionary<int, StringBuilder>();
        foreach (SseFrame frame in frames)
        {
            if (TryParseObject(frame.Data) is not JsonObject data)
            {
                continue;
            }

            string? type = frame.EventName is null or "message" ? (string?)data["type"] : frame.EventName;
            int index = data["index"] is JsonValue i && i.TryGetValue(out int n) ? n : 0;
            switch (type)
            {
                case "message_start" when data["message"] is JsonObject start:
                    message = (JsonObject)start.DeepClone();
                    break;
                case "content_block_start" when data["content_block"] is JsonObject block:
                    blocks[index] = (JsonObject)block.DeepClone();
                    break;
                case "content_block_delta" when data["delta"] is JsonObject delta && blocks.TryGetValue(index, out JsonObject? target):
                    ApplyDelta(target, delta, index, partialJson);
                    break;
                case "content_block_stop":
                    FinishToolInput(blocks, partialJson, index);
                    break;
                case "message_delta":
                    ApplyMessageDelta(message, data);
                    break;
                case "error":
                    return (StatusOf((string?)data["error"]?["type"]), Write(data));
            }
        }

        foreach (int open in new List<int>(partialJson.Keys))
        {
            FinishToolInput(blocks, partialJson, open);
        }

        var content = new JsonArray();
        foreach (JsonObject block in blocks.Values)
        {
            content.Add((JsonNode)block);
        }

        message["content"] = content;
        return (200, Write(message));
    }

    /// <summary>Spells a message out as a stream: one whole-text delta per block, tool input as one JSON delta, no pings.</summary>
    public static List<SseFrame> Synthesize(byte[] messageJson)
    {
        var frames = new List<SseFrame>();
        if (TryParseObject(Encoding.UTF8.GetString(messageJson)) is not JsonObject message)
        {
            return frames;
        }

        var start = (JsonObject)message.DeepClone();
        JsonArray content = start["content"] as JsonArray ?? [];
        start["content"] = new JsonArray();
        start["stop_reason"] = null;
        if (start.ContainsKey("stop_sequence"))
        {
            start["stop_sequence"] = null;
        }

        if (start["usage"] is JsonObject startUsage)
        {
            startUsage["output_tokens"] = 0;
        }

        frames.Add(Frame(new JsonObject { ["type"] = "message_start", ["message"] = start }));
        for (int index = 0; index < content.Count; index++)
        {
            if (content[index] is JsonObject block)
            {
                AddBlock(frames, index, block);
            }
        }

        var finalDelta = new JsonObject { ["stop_reason"] = message["stop_reason"]?.DeepClone() };
        if (message.ContainsKey("stop_sequence"))
        {
            finalDelta["stop_sequence"] = message["stop_sequence"]?.DeepClone();
        }

        frames.Add(Frame(new JsonObject { ["type"] = "message_delta", ["delta"] = finalDelta, ["usage"] = message["usage"]?.DeepClone() }));
        frames.Add(Frame(new JsonObject { ["type"] = "message_stop" }));
        return frames;
    }

    private static void AddBlock(List<SseFrame> frames, int index, JsonObject block)
    {
        string? type = (string?)block["type"];
        JsonObject startBlock;
        var deltas = new List<JsonObject>();
        switch (type)
        {
            case "text":
                startBlock = new JsonObject { ["type"] = "text", ["text"] = string.Empty };
                AddIfNotEmpty(deltas, "text_delta", "text", (string?)block["text"]);
                break;
            case "thinking":
                startBlock = new JsonObject { ["type"] = "thinking", ["thinking"] = string.Empty };
                AddIfNotEmpty(deltas, "thinking_delta", "thinking", (string?)block["thinking"]);
                AddIfNotEmpty(deltas, "signature_delta", "signature", (string?)block["signature"]);
                break;
            case "tool_use" or "server_tool_use":
                startBlock = new JsonObject { ["type"] = type, ["id"] = block["id"]?.DeepClone(), ["name"] = block["name"]?.DeepClone(), ["input"] = new JsonObject() };
                string input = block["input"] is JsonNode inputNode ? Encoding.UTF8.GetString(Write(inputNode)) : "{}";
                deltas.Add(new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = input });
                break;
            default:
                startBlock = (JsonObject)block.DeepClone();
                break;
        }

        frames.Add(Frame(new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = startBlock }));
        foreach (JsonObject delta in deltas)
        {
            frames.Add(Frame(new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta }));
        }

        frames.Add(Frame(new JsonObject { ["type"] = "content_block_stop", ["index"] = index }));
    }

    private static void AddIfNotEmpty(List<JsonObject> deltas, string deltaType, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            deltas.Add(new JsonObject { ["type"] = deltaType, [field] = value });
        }
    }

    private static void ApplyDelta(JsonObject block, JsonObject delta, int index, Dictionary<int, StringBuilder> partialJson)
    {
        switch ((string?)delta["type"])
        {
            case "text_delta":
                block["text"] = (string?)block["text"] + (string?)delta["text"];
                break;
            case "thinking_delta":
                block["thinking"] = (string?)block["thinking"] + (string?)delta["thinking"];
                break;
            case "signature_delta":
                block["signature"] = (string?)delta["signature"];
                break;
            case "input_json_delta":
                if (!partialJson.TryGetValue(index, out StringBuilder? json))
                {
                    partialJson[index] = json = new StringBuilder();
                }

                json.Append((string?)delta["partial_json"]);
                break;
            case "citations_delta":
                if (block["citations"] is not JsonArray citations)
                {
                    block["citations"] = citations = [];
                }

                citations.Add(delta["citation"]?.DeepClone());
                break;
        }
    }

    private static void FinishToolInput(SortedDictionary<int, JsonObject> blocks, Dictionary<int, StringBuilder> partialJson, int index)
    {
        if (!partialJson.Remove(index, out StringBuilder? json) || !blocks.TryGetValue(index, out JsonObject? block))
        {
            return;
        }

        string text = json.ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            block["input"] = new JsonObject();
            return;
        }

        // Truncated JSON (a stream cut at max_tokens) stays visible as text rather than becoming an empty object.
        block["input"] = TryParse(text) ?? JsonValue.Create(text);
    }

    private static void ApplyMessageDelta(JsonObject message, JsonObject data)
    {
        if (data["delta"] is JsonObject delta)
        {
            foreach (KeyValuePair<string, JsonNode?> property in delta)
            {
                message[property.Key] = property.Value?.DeepClone();
            }
        }

        if (data["usage"] is JsonObject usage)
        {
            // Usage in message_delta holds cumulative totals: replace, never add.
            if (message["usage"] is not JsonObject target)
            {
                message["usage"] = target = [];
            }

            foreach (KeyValuePair<string, JsonNode?> property in usage)
            {
                if (property.Value is not null)
                {
                    target[property.Key] = property.Value.DeepClone();
                }
            }
        }
    }

    private static int StatusOf(string? errorType) => errorType switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "permission_error" => 403,
        "not_found_error" => 404,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    private static SseFrame Frame(JsonObject data) =>
        SseFrames.Create((string?)data["type"], Encoding.UTF8.GetString(Write(data)));

    private static JsonObject? TryParseObject(string text) => TryParse(text) as JsonObject;

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Write(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            node.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
