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
    /// <summary>The arguments, a JSON object matching the tool's input schema.</summary>
    /// <remarks>An input missing from the JSON read stays missing when the block is written back (requests refuse it).</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Input { get; init; } = Input;

    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "tool_use";

    /// <summary>A prompt-cache breakpoint after this block (<c>cache_control</c>); null for none.</summary>
    public CacheControl? CacheControl { get; init; }

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

    /// <summary>Equal when id, name, the raw text of the input and the incomplete-input text are equal.</summary>
    /// <param name="other">The block to compare with.</param>
    public bool Equals(ToolUseBlock? other) =>
        other is not null
        && base.Equals(other)
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(IncompleteInputJson, other.IncompleteInputJson, StringComparison.Ordinal)
        && string.Equals(RawInput(), other.RawInput(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        (StringComparer.Ordinal.GetHashCode(Id ?? string.Empty) * 31) ^ StringComparer.Ordinal.GetHashCode(Name ?? string.Empty);

    private string? RawInput() => Input.ValueKind == JsonValueKind.Undefined ? null : Input.GetRawText();
}
