using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>One turn of the conversation sent in <see cref="MessageRequest.Messages"/>.</summary>
/// <param name="Role">Who wrote the turn.</param>
/// <param name="Content">The turn's content: a string or content blocks.</param>
public sealed record MessageParam(MessageRole Role, MessageContent Content)
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    /// <summary>A user turn with text.</summary>
    /// <param name="text">The user's text.</param>
    public static MessageParam User(string text) => new(MessageRole.User, text);

    /// <summary>A user turn with content blocks (text, images, documents, tool results).</summary>
    /// <param name="blocks">The blocks.</param>
    public static MessageParam User(params ContentBlock[] blocks) => new(MessageRole.User, blocks);

    /// <summary>An assistant turn with text (earlier answers, or a prefill the model continues).</summary>
    /// <param name="text">The assistant's text.</param>
    public static MessageParam Assistant(string text) => new(MessageRole.Assistant, text);

    /// <summary>An assistant turn with content blocks.</summary>
    /// <param name="blocks">The blocks.</param>
    public static MessageParam Assistant(params ContentBlock[] blocks) => new(MessageRole.Assistant, blocks);

    /// <summary>
    /// The assistant turn that echoes a response, all blocks included (thinking, tool calls, unknown blocks), as
    /// needed before sending tool results.
    /// </summary>
    /// <param name="message">A response from <see cref="MessagesClient.CreateAsync"/> or a stream.</param>
    public static MessageParam Assistant(Message message) =>
        new(MessageRole.Assistant, MessageContent.FromBlocks(
            (message ?? throw new ArgumentNullException(nameof(message))).Content));

    /// <summary>A user turn answering tool calls.</summary>
    /// <param name="results">One result per <see cref="ToolUseBlock"/> of the previous assistant turn.</param>
    public static MessageParam ToolResults(IEnumerable<ToolResultBlock> results) =>
        new(MessageRole.User, MessageContent.FromBlocks([.. results]));

    /// <summary>Fields of this object that this version of the SDK does not model, kept as received and written back in the same object.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
