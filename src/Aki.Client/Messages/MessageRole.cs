using System;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// The author of a message: <c>user</c> or <c>assistant</c>.
/// An open set: values the server adds later are kept as they are, never rejected.
/// </summary>
[JsonConverter(typeof(MessageRoleConverter))]
public readonly struct MessageRole : IEquatable<MessageRole>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The string the API uses, for example <c>"user"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public MessageRole(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The wire string of this value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary><c>user</c>.</summary>
    public static MessageRole User { get; } = new("user");

    /// <summary><c>assistant</c>.</summary>
    public static MessageRole Assistant { get; } = new("assistant");

    /// <summary>Compares two values by their wire strings (ordinal).</summary>
    public static bool operator ==(MessageRole left, MessageRole right) => left.Equals(right);

    /// <summary>Compares two values by their wire strings (ordinal).</summary>
    public static bool operator !=(MessageRole left, MessageRole right) => !left.Equals(right);

    /// <summary>Converts a wire string to a value.</summary>
    public static implicit operator MessageRole(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(MessageRole other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MessageRole other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire string.</summary>
    public override string ToString() => Value;
}

internal sealed class MessageRoleConverter : StringValueConverter<MessageRole>
{
    protected override MessageRole Create(string value) => new(value);

    protected override string GetValue(MessageRole value) => value.Value;
}
