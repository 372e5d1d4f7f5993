using System;
using System.Text;
using System.Text.Json.Serialization;

namespace Aki.Client;

/// <summary><c>input_json_delta</c>: a fragment of a tool call's JSON arguments; the fragments joined form the input.</summary>
/// <remarks>
/// A fragment read from a stream keeps its UTF-8 bytes and becomes a string only when <see cref="PartialJson"/> is
/// read: most callers read the joined input of the final message, not the fragments.
/// </remarks>
public sealed record InputJsonDelta : ContentBlockDelta
{
    private string? _partialJson;
    private byte[]? _utf8;

    /// <summary>Creates the delta.</summary>
    /// <param name="PartialJson">The fragment (often empty first; open-model servers may send the whole JSON at once).</param>
    public InputJsonDelta(string PartialJson)
    {
        _partialJson = PartialJson ?? throw new ArgumentNullException(nameof(PartialJson));
    }

    /// <summary>A fragment as the stream carried it, unescaped UTF-8.</summary>
    internal InputJsonDelta(byte[] utf8)
    {
        _utf8 = utf8;
    }

    /// <inheritdoc/>
    [JsonPropertyOrder(-1)]
    public override string Type => "input_json_delta";

    /// <summary>The fragment (often empty first; open-model servers may send the whole JSON at once).</summary>
    public string PartialJson
    {
        get => _partialJson ??= Encoding.UTF8.GetString(_utf8!);
        init
        {
            _partialJson = value ?? throw new ArgumentNullException(nameof(value));
            _utf8 = null;
        }
    }

    /// <summary>Deconstructs the delta into its fragment.</summary>
    /// <param name="PartialJson">The fragment.</param>
    public void Deconstruct(out string PartialJson) => PartialJson = this.PartialJson;

    /// <inheritdoc/>
    public bool Equals(InputJsonDelta? other) =>
        ReferenceEquals(this, other) || (other is not null && base.Equals(other) && string.Equals(PartialJson, other.PartialJson, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(PartialJson);

    /// <summary>The fragment's UTF-8 bytes when it was read from a stream and not yet turned into a string.</summary>
    internal bool TryGetUtf8(out ReadOnlySpan<byte> utf8)
    {
        byte[]? bytes = _utf8;
        utf8 = bytes;
        return bytes is not null;
    }
}
