using System.Text.Json;

namespace Aki.Client;

/// <summary><c>citations_delta</c>: one citation added to a text block.</summary>
/// <param name="Citation">The citation as the server sent it.</param>
public sealed record CitationsDelta(JsonElement Citation) : ContentBlockDelta
{
    /// <inheritdoc/>
    public override string Type => "citations_delta";
}
