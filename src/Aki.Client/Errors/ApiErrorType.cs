using System;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// The <c>error.type</c> an error response carries, such as <c>rate_limit_error</c>.
/// An open set: values the server adds later are kept as they are, never rejected.
/// </summary>
[JsonConverter(typeof(ApiErrorTypeConverter))]
public readonly struct ApiErrorType : IEquatable<ApiErrorType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The string the API uses, for example <c>"invalid_request_error"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public ApiErrorType(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The wire string of this value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary><c>invalid_request_error</c>.</summary>
    public static ApiErrorType InvalidRequest { get; } = new("invalid_request_error");

    /// <summary><c>authentication_error</c>.</summary>
    public static ApiErrorType Authentication { get; } = new("authentication_error");

    /// <summary><c>billing_error</c>.</summary>
    public static ApiErrorType Billing { get; } = new("billing_error");

    /// <summary><c>permission_error</c>.</summary>
    public static ApiErrorType Permission { get; } = new("permission_error");

    /// <summary><c>not_found_error</c>.</summary>
    public static ApiErrorType NotFound { get; } = new("not_found_error");

    /// <summary><c>request_too_large</c>.</summary>
    public static ApiErrorType RequestTooLarge { get; } = new("request_too_large");

    /// <summary><c>rate_limit_error</c>.</summary>
    public static ApiErrorType RateLimit { get; } = new("rate_limit_error");

    /// <summary><c>timeout_error</c>.</summary>
    public static ApiErrorType Timeout { get; } = new("timeout_error");

    /// <summary><c>api_error</c>.</summary>
    public static ApiErrorType Api { get; } = new("api_error");

    /// <summary><c>overloaded_error</c>.</summary>
    public static ApiErrorType Overloaded { get; } = new("overloaded_error");

    /// <summary>Compares two values by their wire strings (ordinal).</summary>
    public static bool operator ==(ApiErrorType left, ApiErrorType right) => left.Equals(right);

    /// <summary>Compares two values by their wire strings (ordinal).</summary>
    public static bool operator !=(ApiErrorType left, ApiErrorType right) => !left.Equals(right);

    /// <summary>Converts a wire string to a value.</summary>
    public static implicit operator ApiErrorType(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(ApiErrorType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ApiErrorType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire string.</summary>
    public override string ToString() => Value;
}

internal sealed class ApiErrorTypeConverter : StringValueConverter<ApiErrorType>
{
    protected override ApiErrorType Create(string value) => new(value);

    protected override string GetValue(ApiErrorType value) => value.Value;
}
