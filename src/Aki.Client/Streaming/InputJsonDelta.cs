using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>input_json_delta</c>: a fragment of a tool call's JSON arguments; the fragments joined form the input.</summary>
/// <param name="PartialJson">The fragment (often empty first; open-model servers may send the whole JSON at once).</param>
public sealed record InputJsonDelta(string PartialJson) : ContentBlockDelta
{
    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "input_json_delta";
}
