using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// The body of <c>POST /v1/messages</c>. <see cref="Model"/> and <see cref="Messages"/> are required;
/// <see cref="MaxTokens"/> is filled with the model's default when left null.
/// </summary>
public sealed record MessageRequest
{
    private JsonObject? _additionalProperties;

    /// <summary>The model id, such as <see cref="AkiModels.Gemma4_26B"/>. AKI.IO answers an unknown id with another model, see <see cref="AkiClientOptions.ModelValidation"/>.</summary>
    public required string Model { get; init; }

    /// <summary>The conversation so far, alternating user and assistant turns; at least one.</summary>
    public required IReadOnlyList<MessageParam> Messages { get; init; }

    /// <summary>The most tokens to generate. When null, the SDK sends <c>min(8192, the model's output limit)</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The system prompt: a string or text blocks.</summary>
    public SystemPrompt? System { get; init; }

    /// <summary>Randomness, from 0.0 to 1.0.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus sampling: the cumulative probability mass to sample from.</summary>
    public double? TopP { get; init; }

    /// <summary>Sample only from the K most likely tokens.</summary>
    public int? TopK { get; init; }

    /// <summary>Texts that stop generation; the one hit comes back in <see cref="Message.StopSequence"/>.</summary>
    public IReadOnlyList<string>? StopSequences { get; init; }

    /// <summary>Request metadata (an opaque end-user id).</summary>
    public RequestMetadata? Metadata { get; init; }

    /// <summary>Tools the model may call: <see cref="Tool"/>s with a JSON Schema, server tools such as <see cref="WebSearchTool"/>, or <see cref="RawTool"/>.</summary>
    public IReadOnlyList<ToolDefinition>? Tools { get; init; }

    /// <summary>How the model should use <see cref="Tools"/>.</summary>
    public ToolChoice? ToolChoice { get; init; }

    /// <summary>Extended thinking settings, for models that reason.</summary>
    public ThinkingConfig? Thinking { get; init; }

    /// <summary>
    /// Body fields this version of the SDK does not model, written into the request object as they are
    /// (for example <c>new JsonObject { ["service_tier"] = "auto" }</c>). A field named here that the SDK
    /// also writes is sent twice, so use this only for fields the record lacks.
    /// </summary>
    [JsonIgnore]
    public JsonObject? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // System.Text.Json binds an init-only extension data property like a constructor parameter and then refuses
    // the whole type ("cannot bind with a parameter in the deserialization constructor"), and it writes a
    // JsonObject extension data property as invalid JSON (dotnet/runtime#60806). This twin shows the same object
    // to the serializer as a JsonElement dictionary, which it reads and writes correctly.
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData
    {
        get => new JsonObjectExtensionData(() => _additionalProperties, () => _additionalProperties ??= new JsonObject());
        set => _additionalProperties = value is null ? null : JsonObjectExtensionData.ToObject(value);
    }

    /// <summary>
    /// True when the request was read from JSON (<see cref="AkiJson.ParseRequest(System.ReadOnlySpan{byte})"/>) with
    /// <c>"stream": true</c>: a pass-through uses it to choose between <c>CreateAsync</c> and <c>StreamAsync</c>,
    /// which set the field themselves.
    /// </summary>
    [JsonIgnore]
    public bool IsStreamRequested => Stream == true;

    /// <summary>Set by the SDK for <c>MessagesClient.StreamAsync</c>, or read from a request body; never by callers.</summary>
    [JsonInclude]
    internal bool? Stream { get; init; }
}
