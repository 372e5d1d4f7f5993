using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>content_block_stop</c>: the block at <paramref name="Index"/> is complete.</summary>
/// <param name="Index">The block's position in the message's content.</param>
public sealed record ContentBlockStopEvent(int Index) : MessageStreamEvent
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "content_block_stop";
}
