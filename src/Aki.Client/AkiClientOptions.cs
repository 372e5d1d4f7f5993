using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Aki.Client;

/// <summary>
/// Settings of an <see cref="AkiClient"/>. Set them before building a client: once a client is built from an
/// instance, the instance is frozen and setters throw <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class AkiClientOptions
{
    /// <summary>The name of the environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "AKI_API_KEY";

    /// <summary>
    /// The name of the environment variable read when <see cref="Endpoint"/> is not set, such as
    /// <c>http://127.0.0.1:5080/</c> for a local fixture server, or a proxy or staging address.
    /// </summary>
    public const string BaseUrlEnvironmentVariable = "AKI_BASE_URL";

    /// <summary>The <c>anthropic-version</c> header sent by default.</summary>
    public const string DefaultAnthropicVersion = "2023-06-01";

    private string? _apiKey;
    private Uri? _endpoint;
    private string _anthropicVersion = DefaultAnthropicVersion;
    private IDictionary<string, string> _defaultHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    private string? _userAgentSuffix;
    private int _maxRetries = 2;
    private TimeSpan _timeout = TimeSpan.FromMinutes(10);
    private TimeSpan _totalTimeout = TimeSpan.FromMinutes(30);
    private TimeSpan _maxRetryAfter = TimeSpan.FromSeconds(60);
    private TimeSpan _retryBaseDelay = TimeSpan.FromSeconds(0.5);
    private TimeSpan _streamResponseTimeout = TimeSpan.FromMinutes(2);
    private TimeSpan _streamIdleTimeout = TimeSpan.FromMinutes(2);
    private ModelValidation _modelValidation = ModelValidation.Warn;
    private TimeSpan _modelCatalogLifetime = TimeSpan.FromHours(1);
    private ILoggerFactory? _loggerFactory;
    private TimeProvider _timeProvider = TimeProvider.System;
    private bool _captureMessageContent = string.Equals(
        Environment.GetEnvironmentVariable(Diagnostics.GenAIAttributes.CaptureMessageContentVariable), "true", StringComparison.OrdinalIgnoreCase);
    private bool _frozen;
    private bool _endpointFromEnvironment;

    /// <summary>AKI.IO's Anthropic-compatible endpoint, <c>https://aki.io/anthropic</c>.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://aki.io/anthropic");

    /// <summary>The API key, sent in the <c>x-api-key</c> header of each request. When null, <c>AKI_API_KEY</c> is read.</summary>
    public string? ApiKey { get => _apiKey; set => Set(ref _apiKey, value); }

    /// <summary>
    /// The API's base address. When it is not set (in code or in configuration), the <c>AKI_BASE_URL</c> environment
    /// variable is read, and without that <see cref="DefaultEndpoint"/> is used; a client pins the value it was built with.
    /// The forms users paste all work: <c>https://aki.io</c>, <c>https://aki.io/anthropic</c>, with a trailing <c>/</c>
    /// or <c>/v1</c>. Plain <c>http</c> is refused except for loopback addresses, so the key never travels unencrypted.
    /// </summary>
    /// <exception cref="ArgumentException">On read: <c>AKI_BASE_URL</c> is set but is not an absolute address.</exception>
    public Uri Endpoint
    {
        get => _endpoint ?? EndpointFromEnvironment() ?? DefaultEndpoint;
        set => Set(ref _endpoint, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The <c>anthropic-version</c> header; default <c>2023-06-01</c>.</summary>
    public string AnthropicVersion { get => _anthropicVersion; set => Set(ref _anthropicVersion, value ?? throw new ArgumentNullException(nameof(value))); }

    /// <summary>Headers added to every request (the SDK's own headers win on a clash; <c>x-api-key</c> cannot be set here).</summary>
    public IDictionary<string, string> DefaultHeaders { get => _defaultHeaders; set => Set(ref _defaultHeaders, value ?? throw new ArgumentNullException(nameof(value))); }

    /// <summary>Text appended to the <c>User-Agent</c> header, such as your application's name and version.</summary>
    public string? UserAgentSuffix { get => _userAgentSuffix; set => Set(ref _userAgentSuffix, value); }

    /// <summary>How many times a failed attempt is retried (connection failures, 408, 409, 429, 5xx, 529); default 2, 0 disables.</summary>
    public int MaxRetries { get => _maxRetries; set => Set(ref _maxRetries, value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRetries must be 0 or more.")); }

    /// <summary>The most time one non-streaming attempt may take, answer included; default 10 minutes, sized for large models.</summary>
    public TimeSpan Timeout { get => _timeout; set => Set(ref _timeout, value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Timeout must be positive.")); }

    /// <summary>The most time a non-streaming call may take across all its attempts and retry delays; default 30 minutes.</summary>
    public TimeSpan TotalTimeout { get => _totalTimeout; set => Set(ref _totalTimeout, value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "TotalTimeout must be positive.")); }

    /// <summary>
    /// The longest <c>retry-after</c> the SDK waits for before retrying; default 60 seconds. When the server asks for
    /// a longer wait, the error surfaces at once with <see cref="AkiApiException.RetryAfter"/> set.
    /// </summary>
    public TimeSpan MaxRetryAfter { get => _maxRetryAfter; set => Set(ref _maxRetryAfter, value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxRetryAfter must not be negative.")); }

    /// <summary>The first retry's delay when the server gives none; it doubles per retry, with jitter. Default 0.5 seconds.</summary>
    public TimeSpan RetryBaseDelay { get => _retryBaseDelay; set => Set(ref _retryBaseDelay, value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "RetryBaseDelay must not be negative.")); }

    /// <summary>How long each attempt of a stream may wait for the response headers; default 2 minutes.</summary>
    public TimeSpan StreamResponseTimeout { get => _streamResponseTimeout; set => Set(ref _streamResponseTimeout, value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "StreamResponseTimeout must be positive.")); }

    /// <summary>How long a stream may go without receiving any bytes before it fails as hung; default 2 minutes.</summary>
    public TimeSpan StreamIdleTimeout { get => _streamIdleTimeout; set => Set(ref _streamIdleTimeout, value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "StreamIdleTimeout must be positive.")); }

    /// <summary>What to do about model ids AKI.IO does not document (it answers them with another model); default <see cref="ModelValidation.Warn"/>.</summary>
    public ModelValidation ModelValidation { get => _modelValidation; set => Set(ref _modelValidation, value); }

    /// <summary>
    /// How long the model list from <c>GET /v1/models</c> is reused before it is read again; default 1 hour, timed with
    /// <see cref="TimeProvider"/>. <see cref="TimeSpan.Zero"/> reads it at every use that needs it; <see cref="TimeSpan.MaxValue"/>
    /// keeps the first list for the client's lifetime.
    /// </summary>
    public TimeSpan ModelCatalogLifetime { get => _modelCatalogLifetime; set => Set(ref _modelCatalogLifetime, value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "ModelCatalogLifetime must be zero or more.")); }

    /// <summary>Where the SDK logs (warnings about model fallback, retries...). The API key is never logged.</summary>
    public ILoggerFactory? LoggerFactory { get => _loggerFactory; set => Set(ref _loggerFactory, value); }

    /// <summary>
    /// Whether traces and logs may carry message content: prompts, the system prompt, answers, thinking, tool
    /// arguments and results (as the <c>gen_ai.input.messages</c>, <c>gen_ai.system_instructions</c> and
    /// <c>gen_ai.output.messages</c> span attributes, and Trace-level log entries of request and response bodies).
    /// Default false, unless the <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c> environment variable is
    /// <c>true</c> when the options are created; setting this property overrides the variable. Token counts, models,
    /// ids and timings are recorded either way. The API key is never recorded.
    /// </summary>
    public bool CaptureMessageContent { get => _captureMessageContent; set => Set(ref _captureMessageContent, value); }

    /// <summary>The clock for timeouts, retry delays and caches; replace it in tests.</summary>
    public TimeProvider TimeProvider { get => _timeProvider; set => Set(ref _timeProvider, value ?? throw new ArgumentNullException(nameof(value))); }

    /// <summary>Describes the options; the API key is shown only as whether it is set.</summary>
    public override string ToString()
    {
        string endpoint;
        try
        {
            endpoint = Endpoint.ToString();
        }
        catch (ArgumentException)
        {
            endpoint = "(" + BaseUrlEnvironmentVariable + " is not a usable address)";
        }

        var text = new StringBuilder("AkiClientOptions { Endpoint = ").Append(endpoint)
            .Append(", ApiKey = ").Append(ApiKey is null ? "(not set)" : "(set)")
            .Append(", AnthropicVersion = ").Append(AnthropicVersion)
            .Append(", MaxRetries = ").Append(MaxRetries)
            .Append(", Timeout = ").Append(Timeout)
            .Append(", TotalTimeout = ").Append(TotalTimeout)
            .Append(", ModelValidation = ").Append(ModelValidation)
            .Append(" }");
        return text.ToString();
    }

    internal bool IsFrozen => _frozen;

    /// <summary>Where <see cref="Endpoint"/> comes from, for error messages that name the setting to fix.</summary>
    internal string EndpointSource =>
        _endpointFromEnvironment || (_endpoint is null && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(BaseUrlEnvironmentVariable)))
            ? "The " + BaseUrlEnvironmentVariable + " environment variable"
            : "AkiClientOptions.Endpoint";

    internal void Freeze()
    {
        if (!_frozen)
        {
            // The environment is read once, here: a client keeps the endpoint it was built with. An unusable
            // address fails now, naming the variable rather than a property the caller never set.
            if (_endpoint is null && EndpointFromEnvironment() is { } fromEnvironment)
            {
                Http.Endpoint.Normalize(fromEnvironment, EndpointSource);
                _endpointFromEnvironment = true;
                _endpoint = fromEnvironment;
            }

            _endpoint ??= DefaultEndpoint;
            _defaultHeaders = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(_defaultHeaders, StringComparer.OrdinalIgnoreCase));
            _frozen = true;
        }
    }

    private static Uri? EndpointFromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(BaseUrlEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text!.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new ArgumentException($"The {BaseUrlEnvironmentVariable} environment variable is '{text}'; it must be an absolute http(s) address such as {DefaultEndpoint}, or unset.");
    }

    private void Set<T>(ref T field, T value)
    {
        if (_frozen)
        {
            throw new InvalidOperationException("These AkiClientOptions are in use by a client and can no longer change. Create a new AkiClientOptions for different settings.");
        }

        field = value;
    }
}
