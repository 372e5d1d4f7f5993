using System;

namespace Aki.Client.Testing;

/// <summary>
/// Settings of an <see cref="AkiFixtureServer"/>: where fixtures come from, which key it accepts, how it writes
/// streams, and whether it records new fixtures from a real endpoint. The defaults replay the starter fixtures.
/// </summary>
public sealed class AkiFixtureServerOptions
{
    /// <summary>
    /// A folder of fixture files (<c>*.json</c>, searched recursively) replayed next to the starter set; a file whose
    /// name equals a starter fixture's replaces it. Required in record mode, where new fixtures are saved here.
    /// Default null (starter fixtures only).
    /// </summary>
    public string? FixtureDirectory { get; set; }

    /// <summary>
    /// Whether the fixtures that ship in this package (answers of <c>gemma4-26b</c>, <c>qwen3.6-35b</c>,
    /// <c>llama3-chat-70b</c> and <c>minimax-m2.5-230b</c>, a model list, and the fault scenarios) are served.
    /// Default true. Record mode never replays them.
    /// </summary>
    public bool IncludeStarterFixtures { get; set; } = true;

    /// <summary>
    /// The only API key the server accepts in <c>x-api-key</c> (or <c>Authorization: Bearer</c>). Default null: any
    /// non-empty key is accepted, and a request without one is answered 401 like AKI.IO does.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The most bytes written per flush of a streamed answer, so clients meet events split across reads as on a real
    /// network. Default 32; a fixture's <c>chunkSize</c> overrides it. 1 trickles byte by byte.
    /// </summary>
    public int ChunkSize { get; set; } = 32;

    /// <summary>
    /// A pause before each streamed event; default zero. A fixture's <c>eventDelayMs</c> overrides it (the
    /// <c>slow-drip</c> scenario sets one). The pause is measured with <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan EventDelay { get; set; }

    /// <summary>The clock behind <see cref="EventDelay"/> and the timestamps of recordings; a fake one makes pauses instant to test.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Turns record mode on: the Anthropic-compatible base address (for example <c>https://aki.io/anthropic</c>) that
    /// requests without an exact recording are forwarded to; each answer is passed on and saved as a new fixture in
    /// <see cref="FixtureDirectory"/>. Default null (replay only).
    /// </summary>
    public Uri? RecordUpstream { get; set; }

    /// <summary>
    /// The real key sent to <see cref="RecordUpstream"/>; when null the <c>AKI_API_KEY</c> environment variable is
    /// read. It is sent upstream only: never written to a fixture (headers named <c>x-api-key</c> or
    /// <c>authorization</c> are not saved, and the key is masked wherever an answer repeats it).
    /// </summary>
    public string? RecordApiKey { get; set; }

    /// <summary>
    /// Whether a request for a model the server does not serve (one neither in its <c>GET /v1/models</c> list nor named
    /// by a fixture) is answered as AKI.IO answers it: by <c>minimax-m2.5-230b</c>, whose answer says so in its
    /// <c>model</c>. Default true, so tests meet the fallback users meet. False answers <c>404 not_found_error</c>
    /// instead, saying no fixture matched.
    /// </summary>
    public bool UnknownModelFallback { get; set; } = true;

    /// <summary>
    /// The loopback port to listen on; default 0, a free port chosen by the system (read it from
    /// <see cref="AkiFixtureServer.BaseAddress"/>). Set one when something outside the test must know it in advance.
    /// </summary>
    public int Port { get; set; }
}
