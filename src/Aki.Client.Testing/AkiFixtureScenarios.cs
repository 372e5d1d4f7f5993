namespace Aki.Client.Testing;

/// <summary>
/// Names of the scenarios the starter fixtures define. Send one in the <see cref="AkiFixtureServer.ScenarioHeader"/>
/// header (for example through <c>AkiClientOptions.DefaultHeaders</c>) and the server answers with that fixture,
/// whatever model or prompt was asked.
/// </summary>
public static class AkiFixtureScenarios
{
    /// <summary>A stream whose connection is dropped after three events, with no <c>message_stop</c>.</summary>
    public const string ConnectionDrop = "connection-drop";

    /// <summary>A stream that ends cleanly after a few events but without <c>message_stop</c>.</summary>
    public const string StreamTruncated = "stream-truncated";

    /// <summary>HTTP 429 <c>rate_limit_error</c> with <c>retry-after: 2</c>.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>HTTP 529 <c>overloaded_error</c> with <c>retry-after: 1</c>.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>HTTP 500 with an HTML page from a gateway instead of JSON.</summary>
    public const string ServerErrorHtml = "server-error-html";

    /// <summary>HTTP 400 in vLLM's OpenAI-shaped error body (<c>{"error":{"message","type","param","code"}}</c>).</summary>
    public const string BadRequestOpenAIShape = "bad-request-openai-shape";

    /// <summary>A stream that sends an <c>event: error</c> (<c>internal_error</c>) after the first text delta; 200 status.</summary>
    public const string MidStreamError = "midstream-error";

    /// <summary>A stream written in 8-byte chunks with 250 ms between events, to exercise idle timeouts.</summary>
    public const string SlowDrip = "slow-drip";

    /// <summary>An answer from <c>minimax-m2.5-230b</c> whatever model was asked: AKI.IO's silent fallback for unknown ids.</summary>
    public const string ModelFallback = "model-fallback";

    /// <summary>A <c>GET /v1/models</c> answer in Anthropic's list shape instead of the vLLM/OpenAI one.</summary>
    public const string ModelsAnthropicShape = "models-anthropic-shape";
}
