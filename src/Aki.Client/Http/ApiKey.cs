using System;

namespace Aki.Client.Http;

/// <summary>
/// The API key of one client: resolved once (options, then <c>AKI_API_KEY</c>), put on requests by
/// <see cref="RequestFactory"/> only, and removed from every text the SDK keeps or shows.
/// </summary>
internal sealed class ApiKey
{
    private ApiKey(string value) => Value = value;

    public string Value { get; }

    public static ApiKey Resolve(string? configured)
    {
        string? key = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable) : configured;
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new AkiException(
                "No AKI.IO API key was given. Pass one to new AkiClient(\"...\"), set AkiClientOptions.ApiKey, or set the AKI_API_KEY environment variable. Keys are issued at https://aki.io.");
        }

        return new ApiKey(key!.Trim());
    }

    /// <summary>The text with every occurrence of the key replaced (keys shorter than <see cref="Redaction.MinimumKeyLength"/> are no secret).</summary>
    public string Redact(string text) => Redaction.Redact(text, Value)!;

    /// <summary>Redacts, then cuts to <paramref name="maxLength"/>, leaving no start of the key at the cut.</summary>
    public string RedactAndCut(string text, int maxLength, bool alreadyCut) => Redaction.RedactAndCut(text, Value, maxLength, alreadyCut);

    /// <inheritdoc/>
    public override string ToString() => "[redacted]";
}
