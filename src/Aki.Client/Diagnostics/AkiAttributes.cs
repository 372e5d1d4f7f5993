namespace Aki.Client.Diagnostics;

/// <summary>
/// What the GenAI conventions have no name for, under the <c>aki.</c> prefix (documented in docs/observability.md).
/// </summary>
internal static class AkiAttributes
{
    /// <summary>The value of <c>gen_ai.provider.name</c>: the conventions ask for a lowercase name of the provider.</summary>
    public const string ProviderNameValue = "aki.io";

    /// <summary>The <c>request-id</c> response header, the id AKI.IO support asks for.</summary>
    public const string RequestId = "aki.request.id";

    /// <summary>How many HTTP attempts the call took (1 without retries).</summary>
    public const string Attempts = "aki.request.attempts";

    /// <summary>True when the model that answered is not the one asked for (beyond aliases and case).</summary>
    public const string ModelFallback = "aki.response.model_fallback";

    /// <summary>True on a stream the caller stopped reading before <c>message_stop</c>.</summary>
    public const string StreamAbandoned = "aki.stream.abandoned";
}
