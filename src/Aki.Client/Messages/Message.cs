using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary>A model's answer: the response of <c>POST /v1/messages</c>, or the result of folding a stream.</summary>
public sealed record Message
{
    // System.Text.Json sets init-only properties like constructor arguments: a field missing from the JSON
    // arrives as null (or default) and would replace the property's default, so the accessors restore it.
    private string _id = string.Empty;
    private string _type = "message";
    private MessageRole _role = MessageRole.Assistant;
    private string _model = string.Empty;
    private IReadOnlyList<ContentBlock> _content = [];
    private Usage _usage = Usage.None;
    private IDictionary<string, JsonElement>? _additionalProperties;

    // Properties are declared in the order the API writes them (model first), so a message written back matches.

    /// <summary>The model that actually answered; compare with <see cref="RequestedModel"/>.</summary>
    public string Model { get => _model; init => _model = value ?? string.Empty; }

    /// <summary>The message id (<c>msg_...</c> on Anthropic; open-model servers use other forms).</summary>
    public string Id { get => _id; init => _id = value ?? string.Empty; }

    /// <summary>The object type, <c>message</c>.</summary>
    public string Type { get => _type; init => _type = value ?? "message"; }

    /// <summary>Always <see cref="MessageRole.Assistant"/>.</summary>
    public MessageRole Role { get => _role; init => _role = value == default ? MessageRole.Assistant : value; }

    /// <summary>The content blocks, in order.</summary>
    public IReadOnlyList<ContentBlock> Content { get => _content; init => _content = value ?? []; }

    // Written even when null, as the API writes them (message_start carries "stop_reason": null).

    /// <summary>Why generation stopped; null only on a stream that has not finished.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StopReason? StopReason { get; init; }

    /// <summary>The stop sequence that was hit, when <see cref="StopReason"/> is <c>stop_sequence</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; init; }

    /// <summary>Token counts.</summary>
    public Usage Usage { get => _usage; init => _usage = value ?? Usage.None; }

    /// <summary>Fields of the response this version of the SDK does not model, kept as received.</summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // System.Text.Json binds an init-only extension data property like a constructor parameter and then refuses
    // the whole type ("cannot bind with a parameter in the deserialization constructor"); this settable twin
    // carries the extension data for the serializer while the public property stays init-only.
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }

    /// <summary>The <c>request-id</c> response header, for support requests; null when the server sent none.</summary>
    [JsonIgnore]
    public string? RequestId { get; init; }

    /// <summary>The model id the request asked for; null for messages not produced by this SDK's client.</summary>
    [JsonIgnore]
    public string? RequestedModel { get; init; }

    /// <summary>
    /// True when the server answered with a different model than requested (beyond documented aliases and case):
    /// AKI.IO silently serves unknown model ids with MiniMax M2.5.
    /// </summary>
    [JsonIgnore]
    public bool IsModelFallback => RequestedModel is not null && !AkiModels.IsSameModel(RequestedModel, Model);

    /// <summary>The text of all <see cref="TextBlock"/>s, joined.</summary>
    [JsonIgnore]
    public string Text => MessageText.Concat(Content);

    /// <summary>The tool calls in <see cref="Content"/>, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<ToolUseBlock> ToolUses => Content.OfType<ToolUseBlock>().ToList();
}
