using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Aki.Client;

/// <summary>A <c>tool_use</c> content block: the model asks the caller to run a tool.</summary>
/// <param name="Id">The id to answer with a <see cref="ToolResultBlock"/>.</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Input">The arguments, a JSON object matching the tool's input schema.</param>
public sealed record ToolUseBlock(string Id, string Name, JsonElement Input) : ContentBlock
{
    /// <inheritdoc/>
    public override string Type => "tool_use";

    /// <summary>
    /// The raw argument text when a stream ended before the arguments were complete (for example
    /// <c>stop_reason: max_tokens</c>); <see cref="Input"/> is then undefined. Null for a complete block.
    /// </summary>
    [JsonIgnore]
    public string? IncompleteInputJson { get; init; }

    /// <summary>Whether the arguments were cut off; see <see cref="IncompleteInputJson"/>.</summary>
    [JsonIgnore]
    public bool IsInputIncomplete => IncompleteInputJson is not null;

    /// <summary>Deserializes <see cref="Input"/> into a type of the caller's, through its source-generated metadata.</summary>
    /// <typeparam name="T">The caller's argument type.</typeparam>
    /// <param name="typeInfo">Metadata from the caller's <see cref="JsonSerializerContext"/>.</param>
    /// <returns>The arguments, or null when the input is the JSON literal <c>null</c>.</returns>
    /// <exception cref="InvalidOperationException">The arguments were cut off by the end of a stream.</exception>
    /// <exception cref="JsonException">The arguments do not fit <typeparamref name="T"/>.</exception>
    public T? GetInput<T>(JsonTypeInfo<T> typeInfo)
    {
        if (IsInputIncomplete)
        {
            throw new InvalidOperationException(
                $"The input of tool call '{Id}' ({Name}) is incomplete: the stream ended before its JSON was finished. The partial text is in IncompleteInputJson.");
        }

        return Input.Deserialize(typeInfo);
    }
}
