using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>content_block_start</c>: a content block opens at <paramref name="Index"/> with its initial value.</summary>
/// <param name="Index">The block's position in the message's content.</param>
/// <param name="ContentBlock">The block as it starts (text usually empty, tool input <c>{}</c>).</param>
public sealed record ContentBlockStartEvent(int Index, ContentBlock ContentBlock) : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "content_block_start";
}
