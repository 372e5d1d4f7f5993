using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>content_block_delta</c>: more content for the block at <paramref name="Index"/>.</summary>
/// <param name="Index">The block's position in the message's content.</param>
/// <param name="Delta">The increment: <see cref="TextDelta"/>, <see cref="InputJsonDelta"/>, <see cref="ThinkingDelta"/>...</param>
public sealed record ContentBlockDeltaEvent(int Index, ContentBlockDelta Delta) : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "content_block_delta";
}
