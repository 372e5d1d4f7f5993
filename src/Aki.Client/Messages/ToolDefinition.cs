using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// One entry of <see cref="MessageRequest.Tools"/>: a <see cref="Tool"/> of the caller's, described by a JSON Schema;
/// one of the Anthropic server tools (<see cref="WebSearchTool"/>, <see cref="CodeExecutionTool"/>,
/// <see cref="ComputerTool"/>, <see cref="TextEditorTool"/>, <see cref="BashTool"/>); or a <see cref="RawTool"/>
/// for any other tool object, sent exactly as given.
/// </summary>
[JsonConverter(typeof(ToolDefinitionConverter))]
public abstract record ToolDefinition
{
    private IDictionary<string, JsonElement>? _additionalProperties;

    private protected ToolDefinition()
    {
    }

    /// <summary>
    /// Fields of the tool object that this version of the SDK does not model (such as <c>defer_loading</c>,
    /// <c>input_examples</c> or <c>allowed_callers</c>), kept as received and written back. A <see cref="RawTool"/>
    /// keeps everything in <see cref="RawTool.Json"/> instead.
    /// </summary>
    [JsonIgnore]
    public IDictionary<string, JsonElement>? AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value; }

    // The serializer cannot bind init-only extension data; this settable twin carries it (see Message).
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? ExtensionData { get => _additionalProperties; set => _additionalProperties = value; }
}
