using System;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// Why the model stopped generating: <c>end_turn</c>, <c>max_tokens</c>, <c>tool_use</c>...
/// An open set: values the server adds later are kept as they are, never rejected.
/// </summary>
[JsonConverter(typeof(StopReasonConverter))]
public readonly struct StopReason : IEquatable<StopReason>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The string the API uses, for example <c>"end_turn"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public StopReason(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The wire string of this value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary><c>end_turn</c>.</summary>
    public static StopReason EndTurn { get; } = new("end_turn");

    /// <summary><c>max_tokens</c>.</summary>
    public static StopReason MaxTokens { get; } = new("max_tokens");

    /// <summary><c>stop_sequence</c>.</summary>
    public static StopReason StopSequence { get; } = new("stop_sequence");

    /// <summary><c>tool_use</c>.</summary>
    public static StopReason ToolUse { get; } = new("tool_use");

    /// <summary><c>pause_turn</c>.</summary>
    public static StopReason PauseTurn { get; } = new("pause_turn");

    /// <summary><c>refusal</c>.</summary>
    public static StopReason Refusal { get; } = new("refusal");

    /// <summary><c>model_context_window_exceeded</c>.</summary>
    public static StopReason ModelContextWindowExceeded { get; } = new("model_context_window_exceeded");

    /// <summary>Compares two values by their wire strings (ordinal).</summary>
    public static bool operator ==(StopReason left, StopReason right) => left.Equals(right);

    /// <summary>Compares two values by their wire strings (ordinal).</summary>
    public static bool operator !=(StopReason left, StopReason right) => !left.Equals(right);

    /// <summary>Converts a wire string to a value.</summary>
    public static implicit operator StopReason(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(StopReason other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StopReason other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire string.</summary>
    public override string ToString() => Value;
}

internal sealed class StopReasonConverter : StringValueConverter<StopReason>
{
    protected override StopReason Create(string value) => new(value);

    protected override string GetValue(StopReason value) => value.Value;
}
