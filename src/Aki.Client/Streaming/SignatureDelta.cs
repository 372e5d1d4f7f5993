using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>signature_delta</c>: the thinking block's signature (it replaces, not appends).</summary>
/// <param name="Signature">The signature.</param>
public sealed record SignatureDelta(string Signature) : ContentBlockDelta
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "signature_delta";
}
