using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// One block of message content, sent in requests and received in responses: <see cref="TextBlock"/>,
/// <see cref="ImageBlock"/>, <see cref="DocumentBlock"/>, <see cref="ToolUseBlock"/>, <see cref="ToolResultBlock"/>,
/// <see cref="ThinkingBlock"/>, <see cref="RedactedThinkingBlock"/>, or <see cref="UnknownContentBlock"/> for a type
/// this version of the SDK does not know (kept as raw JSON, and sent back unchanged).
/// </summary>
[JsonConverter(typeof(ContentBlockConverter))]
public abstract record ContentBlock
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    private protected ContentBlock()
    {
    }

    /// <summary>The block's <c>type</c> on the wire, such as <c>text</c> or <c>tool_use</c>.</summary>
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
