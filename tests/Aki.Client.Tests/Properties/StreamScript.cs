using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Tests.Properties;

/// <summary>One event of a generated stream, as the wire grammar (WIRE-FORMAT.md) has it.</summary>
internal abstract record ScriptEvent;

internal sealed record StartEvent(string Id, string Model, int InputTokens) : ScriptEvent;

internal sealed record BlockStart(int Index, string Type, string Initial, string ToolId) : ScriptEvent;

internal sealed record BlockDelta(int Index, string Type, string Value) : ScriptEvent;

internal sealed record BlockStop(int Index) : ScriptEvent;

internal sealed record StopDelta(string? StopReason, int? OutputTokens) : ScriptEvent;

internal sealed record StopEvent : ScriptEvent;

internal sealed record Ping : ScriptEvent;

internal sealed record UnknownEvent(string Name) : ScriptEvent;

internal sealed record ErrorEvent(string Type) : ScriptEvent;

/// <summary>An event of a known name whose data is wrong: wrong types, huge numbers, deep nesting, not UTF-8, not JSON.</summary>
internal sealed record HostileEvent(string Name, byte[] Data) : ScriptEvent
{
    public override string ToString() => $"HostileEvent {Name}: {Encoding.UTF8.GetString(Data)[..Math.Min(Data.Length, 120)]}";
}

/// <summary>
/// A generated stream: events in any block order and interleaving, with unknown events, blocks and deltas, an error
/// event anywhere, and a cut anywhere; rendered to bytes in any of the framings servers use (event lines or data only,
/// LF, CRLF or CR, comments, ids, multi-line data, escaped or raw non-ASCII).
/// </summary>
internal sealed class StreamScript
{
    private static readonly string[] s_texts = ["", "a", "Hallo ", "Grüße", "€", "😀 ok", "\"quoted\"", "back\\slash", "line\nbreak", "\t", "\u2028", "<b>", "{\"json\":1}", "data: x", "\r\n"];
    private static readonly string[] s_unknownEvents = ["mystery", "server_hint", "content_block_mystery", "message"];

    // Each names a block that does not exist (77, -1) or carries data no server should send, so that accepting it
    // leaves the blocks of the message as they were; the only other way out is a typed error.
    private static readonly (string Name, string Data)[] s_hostile =
    [
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":\"77\",\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}"),
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":77,\"delta\":{\"type\":\"text_delta\",\"text\":5}}"),
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":99999999999999999999,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}"),
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":-1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}"),
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":77,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\ud800\"}}"),
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":77,\"delta\":null}"),
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":77,\"delta\":{\"type\":\"citations_delta\",\"citation\":7}}"),
        ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":77,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}}"),
        ("content_block_delta", "not json at all"),
        ("content_block_delta", ""),
        ("content_block_delta", "[1,2,3]"),
        ("content_block_start", "{\"type\":\"content_block_start\",\"index\":-1,\"content_block\":5}"),
        ("content_block_start", "{\"type\":\"content_block_start\",\"index\":-1,\"content_block\":{\"type\":\"tool_use\",\"id\":1,\"name\":null,\"input\":\"x\"}}"),
        ("content_block_start", "{\"type\":\"content_block_start\",\"index\":-1,\"content_block\":{\"type\":\"text\",\"text\":null,\"citations\":{}}}"),
        ("content_block_start", "{\"type\":\"content_block_start\",\"index\":1e999,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        ("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":\"x\"}"),
        ("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":5},\"usage\":{\"output_tokens\":\"many\"}}"),
        ("message_delta", "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":1e400}}"),
        ("message_delta", "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"cache_creation\":{\"ephemeral_5m_input_tokens\":\"x\"}}}"),
        ("message_delta", "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"cache_creation\":[1]}}"),
        ("message_delta", "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"service_tier\":{\"deep\":" + new string('[', 200) + new string(']', 200) + "}}}"),
        ("message_delta", "{\"type\":\"message_delta\",\"delta\":[],\"usage\":7}"),
        ("message_start", "{\"type\":\"message_start\",\"message\":\"x\"}"),
        ("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":5,\"content\":{}}}"),
        ("error", "<html>502</html>"),
        ("error", "{\"type\":\"error\",\"error\":\"flat\"}"),
        ("mystery", "{\"type\":\"mystery\",\"n\":" + new string('[', 3000) + new string(']', 3000) + "}"),
    ];

    private StreamScript(List<ScriptEvent> events, byte[] body, List<int> eventEnds, int? cut)
    {
        Events = events;
        FullBody = body;
        EventEnds = eventEnds;
        Cut = cut;
    }

    public List<ScriptEvent> Events { get; }

    public byte[] FullBody { get; }

    /// <summary>The byte offset at which each event's bytes (its blank line included) end.</summary>
    public List<int> EventEnds { get; }

    /// <summary>Where the body is cut off, if it is.</summary>
    public int? Cut { get; }

    public byte[] Body => Cut is { } cut ? FullBody[..cut] : FullBody;

    public int ErrorAt => Events.FindIndex(e => e is ErrorEvent);

    public int HostileAt => Events.FindIndex(e => e is HostileEvent);

    public static StreamScript Generate(Choices c, bool allowFaults = true)
    {
        var events = new List<ScriptEvent> { new StartEvent("msg_" + c.Next(1000), c.Pick("gemma4-26b", "qwen3.6-35b"), c.Next(100)) };

        // Blocks: each a start, its deltas, its stop; the sequences are then merged in an order the choices pick.
        int blockCount = c.Next(5);
        var sequences = new List<Queue<ScriptEvent>>();
        for (int index = 0; index < blockCount; index++)
        {
            string type = c.Pick("text", "text", "tool_use", "thinking", "mystery_block");
            var sequence = new Queue<ScriptEvent>();
            sequence.Enqueue(new BlockStart(index, type, type is "text" or "thinking" && c.OneIn(3) ? c.Pick(s_texts) : string.Empty, "toolu_" + index));
            if (type == "tool_use" || (type == "mystery_block" && c.OneIn(3)))
            {
                // Tool arguments, and (as server tool calls do) arguments on a block of an unknown type; sometimes
                // cut short, so that they do not parse when the block stops.
                string json = ToolInput(c);
                if (c.OneIn(5))
                {
                    int end = c.Next(json.Length);
                    while (end > 0 && char.IsLowSurrogate(json[end]))
                    {
                        end--;
                    }

                    json = json[..end];
                }

                foreach (string part in Split(json, c))
                {
                    sequence.Enqueue(new BlockDelta(index, "input_json_delta", part));
                }
            }
            else
            {
                int deltas = c.Next(6);
                for (int d = 0; d < deltas; d++)
                {
                    string value = c.Pick(s_texts);
                    sequence.Enqueue(type switch
                    {
                        "text" => new BlockDelta(index, "text_delta", value),
                        "thinking" => c.OneIn(4) ? new BlockDelta(index, "signature_delta", "sig" + d) : new BlockDelta(index, "thinking_delta", value),
                        _ => new BlockDelta(index, "mystery_delta", value),
                    });
                }
            }

            if (c.OneIn(4))
            {
                // A delta type this SDK does not know, on a known block: kept out of the message.
                sequence.Enqueue(new BlockDelta(index, "future_delta", "x"));
            }

            sequence.Enqueue(new BlockStop(index));
            sequences.Add(sequence);
        }

        while (sequences.Count > 0)
        {
            Queue<ScriptEvent> next = sequences[c.Next(sequences.Count)];
            events.Add(next.Dequeue());
            if (next.Count == 0)
            {
                sequences.Remove(next);
            }

            if (c.OneIn(6))
            {
                events.Add(c.OneIn(2) ? new Ping() : new UnknownEvent(c.Pick(s_unknownEvents)));
            }
        }

        events.Add(new StopDelta(c.Pick<string?>("end_turn", "tool_use", "max_tokens", null, "future_reason"), c.OneIn(4) ? null : c.Next(5000)));
        if (c.OneIn(5))
        {
            events.Add(new StopDelta(null, c.Next(5000)));
        }

        events.Add(new StopEvent());
        if (allowFaults && c.OneIn(3))
        {
            (string name, string data) = c.Pick(s_hostile);
            byte[] hostile = Encoding.UTF8.GetBytes(data);
            if (c.OneIn(4))
            {
                // The same event with bytes that are not UTF-8 inside its strings.
                hostile = Encoding.UTF8.GetBytes("{\"type\":\"" + name + "\",\"index\":77,\"delta\":{\"type\":\"text_delta\",\"text\":\"a").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat("\"}}"u8.ToArray()).ToArray();
            }

            events.Insert(1 + c.Next(events.Count - 1), new HostileEvent(name, hostile));
        }

        if (allowFaults && c.OneIn(6))
        {
            events.Insert(1 + c.Next(events.Count - 1), new ErrorEvent(c.Pick("overloaded_error", "api_error", "rate_limit_error", "mystery_error")));
        }

        var body = new MemoryStream();
        var ends = new List<int>();
        var framing = new Framing(c);
        foreach (ScriptEvent e in events)
        {
            framing.Write(body, e, c);
            ends.Add((int)body.Length);
        }

        byte[] bytes = body.ToArray();
        int? cut = allowFaults && c.OneIn(4) ? c.Next(bytes.Length) : null;
        return new StreamScript(events, bytes, ends, cut);
    }

    /// <summary>The number of events whose bytes arrived whole before the cut.</summary>
    public int DeliveredWhole => Cut is { } cut ? EventEnds.Count(end => end <= cut) : Events.Count;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Cut is { } cut ? $"cut at {cut} of {FullBody.Length} bytes" : $"{FullBody.Length} bytes");
        text.Append(Encoding.UTF8.GetString(Body).Replace("\r", "\\r"));
        return text.ToString();
    }

    private static string ToolInput(Choices c)
    {
        var input = new JsonObject();
        int fields = c.Next(4);
        for (int i = 0; i < fields; i++)
        {
            input["f" + i] = c.Next(3) switch
            {
                0 => JsonValue.Create(c.Pick(s_texts)),
                1 => JsonValue.Create(c.Next(100_000) - 50_000),
                _ => new JsonArray(JsonValue.Create(true), null, new JsonObject { ["n"] = c.Next(10) }),
            };
        }

        return input.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Splits text into 1-4 parts at char positions, never inside a surrogate pair.</summary>
    private static List<string> Split(string text, Choices c)
    {
        int parts = 1 + c.Next(4);
        var cuts = new SortedSet<int>();
        for (int i = 1; i < parts && text.Length > 1; i++)
        {
            int at = 1 + c.Next(text.Length - 1);
            if (!char.IsLowSurrogate(text[at]))
            {
                cuts.Add(at);
            }
        }

        var result = new List<string>();
        int start = 0;
        foreach (int at in cuts)
        {
            result.Add(text[start..at]);
            start = at;
        }

        result.Add(text[start..]);
        return result;
    }

    /// <summary>How this stream writes its events: chosen once per stream, with some choices per event.</summary>
    private sealed class Framing
    {
        private readonly string _newline;
        private readonly bool _eventLines;
        private readonly bool _escapeNonAscii;
        private readonly bool _multiLine;

        public Framing(Choices c)
        {
            _newline = c.Pick("\n", "\n", "\r\n", "\r");
            _eventLines = !c.OneIn(4);
            _escapeNonAscii = c.OneIn(2);
            _multiLine = c.OneIn(5);
        }

        public void Write(MemoryStream body, ScriptEvent e, Choices c)
        {
            if (e is HostileEvent hostile)
            {
                body.Write(Encoding.UTF8.GetBytes("event: " + hostile.Name + _newline + "data: "));
                body.Write(hostile.Data);
                body.Write(Encoding.UTF8.GetBytes(_newline + _newline));
                return;
            }

            (string name, string data) = Render(e);
            var text = new StringBuilder();
            if (c.OneIn(8))
            {
                text.Append(": keep-alive").Append(_newline);
            }

            // Error events always carry their name; data-only streams rely on the data's type for the rest.
            if (_eventLines || e is ErrorEvent)
            {
                text.Append("event: ").Append(name).Append(_newline);
            }

            if (c.OneIn(10))
            {
                text.Append("id: ").Append(c.Next(100)).Append(_newline);
            }

            string[] lines = _multiLine ? Indented(data).Split('\n') : [data];
            foreach (string line in lines)
            {
                text.Append(c.OneIn(3) ? "data:" : "data: ").Append(line).Append(_newline);
            }

            text.Append(_newline);
            body.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        private static string Indented(string json) =>
            JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        private (string Name, string Data) Render(ScriptEvent e)
        {
            var options = new JsonSerializerOptions { Encoder = _escapeNonAscii ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            JsonObject data = e switch
            {
                StartEvent s => new JsonObject
                {
                    ["type"] = "message_start",
                    ["message"] = new JsonObject
                    {
                        ["id"] = s.Id, ["type"] = "message", ["role"] = "assistant", ["model"] = s.Model, ["content"] = new JsonArray(),
                        ["stop_reason"] = null, ["stop_sequence"] = null,
                        ["usage"] = new JsonObject { ["input_tokens"] = s.InputTokens, ["output_tokens"] = 1 },
                    },
                },
                BlockStart b => new JsonObject
                {
                    ["type"] = "content_block_start",
                    ["index"] = b.Index,
                    ["content_block"] = b.Type switch
                    {
                        "text" => new JsonObject { ["type"] = "text", ["text"] = b.Initial },
                        "thinking" => new JsonObject { ["type"] = "thinking", ["thinking"] = b.Initial, ["signature"] = string.Empty },
                        "tool_use" => new JsonObject { ["type"] = "tool_use", ["id"] = b.ToolId, ["name"] = "get_weather", ["input"] = new JsonObject() },
                        _ => new JsonObject { ["type"] = b.Type, ["payload"] = new JsonArray(1, 2) },
                    },
                },
                BlockDelta d => new JsonObject
                {
                    ["type"] = "content_block_delta",
                    ["index"] = d.Index,
                    ["delta"] = d.Type switch
                    {
                        "text_delta" => new JsonObject { ["type"] = d.Type, ["text"] = d.Value },
                        "input_json_delta" => new JsonObject { ["type"] = d.Type, ["partial_json"] = d.Value },
                        "thinking_delta" => new JsonObject { ["type"] = d.Type, ["thinking"] = d.Value },
                        "signature_delta" => new JsonObject { ["type"] = d.Type, ["signature"] = d.Value },
                        _ => new JsonObject { ["type"] = d.Type, ["value"] = d.Value },
                    },
                },
                BlockStop s => new JsonObject { ["type"] = "content_block_stop", ["index"] = s.Index },
                StopDelta d => d.OutputTokens is { } tokens
                    ? new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = d.StopReason, ["stop_sequence"] = null }, ["usage"] = new JsonObject { ["output_tokens"] = tokens } }
                    : new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = d.StopReason, ["stop_sequence"] = null } },
                StopEvent => new JsonObject { ["type"] = "message_stop" },
                Ping => new JsonObject { ["type"] = "ping" },
                UnknownEvent u => new JsonObject { ["type"] = u.Name, ["detail"] = "ü" },
                ErrorEvent x => new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = x.Type, ["message"] = "Something went wrong: ü" } },
                _ => throw new InvalidOperationException(e.ToString()),
            };
            string name = e is UnknownEvent unknown ? unknown.Name : (string)data["type"]!;
            return (name, data.ToJsonString(options));
        }
    }
}

/// <summary>
/// The reference model: what a message built from events must be, written as plainly as possible and independently
/// of the SDK's accumulator (blocks by index; text and thinking appended; the last signature; tool arguments joined
/// and parsed at the block's stop; the last stop reason and output total).
/// </summary>
internal static class ReferenceMessage
{
    public static string Of(IEnumerable<ScriptEvent> events)
    {
        string id = string.Empty, model = string.Empty;
        string? stopReason = null;
        int? output = null;
        var blocks = new SortedDictionary<int, (string Type, StringBuilder Text, StringBuilder Json, bool HasJson, string? Signature, bool Stopped, string ToolId)>();
        foreach (ScriptEvent e in events)
        {
            switch (e)
            {
                case StartEvent s:
                    (id, model, output) = (s.Id, s.Model, 1);
                    break;
                case BlockStart b:
                    blocks[b.Index] = (b.Type, new StringBuilder(b.Initial), new StringBuilder(), false, null, false, b.ToolId);
                    break;
                case BlockDelta d when blocks.TryGetValue(d.Index, out var block):
                    switch (d.Type)
                    {
                        case "text_delta" when block.Type == "text":
                        case "thinking_delta" when block.Type == "thinking":
                            block.Text.Append(d.Value);
                            break;
                        case "signature_delta" when block.Type == "thinking":
                            blocks[d.Index] = block with { Signature = d.Value };
                            break;
                        case "input_json_delta":
                            block.Json.Append(d.Value);
                            blocks[d.Index] = block with { HasJson = true };
                            break;
                    }

                    break;
                case BlockStop s when blocks.TryGetValue(s.Index, out var block):
                    blocks[s.Index] = block with { Stopped = true };
                    break;
                case StopDelta d:
                    stopReason = d.StopReason ?? stopReason;
                    output = d.OutputTokens ?? output;
                    break;
            }
        }

        var text = new StringBuilder($"id={id} model={model} stop={stopReason ?? "(none)"} output={output?.ToString() ?? "(none)"}\n");
        foreach ((string type, StringBuilder value, StringBuilder json, bool hasJson, string? signature, bool stopped, string toolId) in blocks.Values)
        {
            text.Append(type switch
            {
                "text" => $"text: {value}",
                "thinking" => $"thinking: {value} signature={signature ?? "(none)"}",
                "tool_use" => $"tool_use {toolId} get_weather: " + (!hasJson ? (stopped ? "{}" : "incomplete ") : stopped ? ParsedOrIncomplete(json.ToString()) : "incomplete " + json),
                _ => $"unknown {type}",
            }).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The same description of a message the SDK built.</summary>
    public static string Of(Message message)
    {
        var text = new StringBuilder($"id={message.Id} model={message.Model} stop={message.StopReason?.Value ?? "(none)"} output={message.Usage?.OutputTokens.ToString() ?? "(none)"}\n");
        foreach (ContentBlock block in message.Content)
        {
            text.Append(block switch
            {
                TextBlock t => $"text: {t.Text}",
                ThinkingBlock t => $"thinking: {t.Thinking} signature={t.Signature ?? "(none)"}",
                ToolUseBlock t => $"tool_use {t.Id} {t.Name}: " + (t.IncompleteInputJson is { } raw ? "incomplete " + raw : Normal(t.Input.GetRawText())),
                UnknownContentBlock u => $"unknown {u.Type}",
                _ => "other " + block.GetType().Name,
            }).Append('\n');
        }

        return text.ToString();
    }

    private static string Normal(string json) => JsonNode.Parse(json)?.ToJsonString() ?? "null";

    /// <summary>Joined arguments at the block's stop: nothing but whitespace is <c>{}</c>, one JSON value is that value, anything else stays raw.</summary>
    private static string ParsedOrIncomplete(string json)
    {
        if (json.Trim(' ', '\t', '\r', '\n').Length == 0)
        {
            return "{}";
        }

        try
        {
            return Normal(json);
        }
        catch (JsonException)
        {
            return "incomplete " + json;
        }
    }
}
