namespace Aki.Client;

/// <summary>The request's <c>metadata</c>.</summary>
public sealed record RequestMetadata
{
    /// <summary>An opaque id for the end user (a hash, never personal data), for abuse detection.</summary>
    public string? UserId { get; init; }
}
