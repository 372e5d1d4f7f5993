namespace Aki.Client.Http;

/// <summary>The SDK-owned limits; each names its setting in the <see cref="AkiTimeoutException"/> it causes.</summary>
internal enum TimeoutKind
{
    /// <summary><see cref="AkiClientOptions.Timeout"/>: one attempt of a call.</summary>
    Attempt,

    /// <summary><see cref="AkiClientOptions.StreamResponseTimeout"/>: one attempt of a stream, until its headers.</summary>
    StreamResponse,

    /// <summary><see cref="AkiClientOptions.TotalTimeout"/>: a call and all its retries.</summary>
    Total,

    /// <summary><see cref="AkiClientOptions.StreamIdleTimeout"/>: the silence between two reads of a stream.</summary>
    StreamIdle,

    /// <summary>Loading the model list, all pages and retries.</summary>
    ModelList,
}
