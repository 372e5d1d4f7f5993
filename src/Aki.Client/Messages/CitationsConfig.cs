namespace Aki.Client;

/// <summary>The <c>citations</c> setting of a <see cref="DocumentBlock"/>.</summary>
/// <param name="Enabled">Whether citations are enabled for the document.</param>
public sealed record CitationsConfig(bool Enabled);
