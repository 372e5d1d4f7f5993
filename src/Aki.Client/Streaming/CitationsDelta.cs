using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>citations_delta</c>: one citation added to a text block.</summary>
/// <param name="Citation">The citation as the server sent it.</param>
public sealed record CitationsDelta([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] JsonElement Citation) : ContentBlockDelta
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "citations_delta";
}
