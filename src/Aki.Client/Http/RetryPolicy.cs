using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Aki.Client.Diagnostics;
using Polly;
using Polly.Telemetry;
using Polly.Retry;

namespace Aki.Client.Http;

/// <summary>
/// The one retry policy of the SDK, built on Polly through Microsoft.Extensions.Http.Resilience: the same for
/// clients built with <c>new AkiClient(...)</c>, over a caller's <see cref="HttpClient"/>, or from DI.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>
    /// When the call's whole budget (<see cref="AkiClientOptions.TotalTimeout"/>) runs out, set by the sender on the
    /// call's <see cref="ResilienceContext"/>: a retry-after beyond it cannot be waited for.
    /// </summary>
    public static readonly ResiliencePropertyKey<DateTimeOffset> DeadlineKey = new("Aki.Client.Deadline");

    /// <summary>Whether the pipeline <see cref="Create"/> builds reports Polly's telemetry (only with a logger factory).</summary>
    public static bool IsObserved(AkiClientOptions options) => options.MaxRetries != 0 && options.LoggerFactory is not null;

    public static ResiliencePipeline<HttpResponseMessage> Create(AkiClientOptions options, ILogger logger)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        TimeProvider time = options.TimeProvider;
        TimeSpan cap = options.MaxRetryAfter;
        TimeSpan longestBackoff = TimeSpan.FromSeconds(8);
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,

            // Polly refuses a base delay over a day; a base beyond the longest backoff would only be capped anyway.
            Delay = options.RetryBaseDelay < longestBackoff ? options.RetryBaseDelay : longestBackoff,
            MaxDelay = longestBackoff,

            // Our own reading of retry-after-ms / Retry-After replaces the package's, which knows only Retry-After.
            ShouldRetryAfterHeader = false,
        };
        retry.ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, time, cap, Remaining(args.Context, time)));
        retry.DelayGenerator = args => new ValueTask<TimeSpan?>(
            args.Outcome.Result is { } response && ResponseHeaders.RetryAfter(response, time.GetUtcNow()) is { } wait && wait <= cap ? wait : null);
        retry.OnRetry = args =>
        {
            string reason = args.Outcome.Result is { } response
                ? $"HTTP {(int)response.StatusCode}"
                : args.Outcome.Exception?.GetType().Name ?? "failure";
            AkiLog.RetryScheduled(logger, reason, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay);
            return default;
        };

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "Aki.Client", TimeProvider = time }.AddRetry(retry);

        // Polly's own telemetry (the resilience.polly.* metrics of the "Polly" meter and its log events under the
        // "Polly" category) goes through the SDK's logger factory, and is on only with one: a client without logging
        // pays nothing for it (with it, Polly spends about 70 bytes per call, observed or not). With AddAkiClient the
        // host's factory is always there. The SDK logs each retry as a
        // warning itself (RetryScheduled), so Polly's events stay at Debug: one warning per retry, not three.
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.ConfigureTelemetry(new TelemetryOptions
            {
                LoggerFactory = loggerFactory,
                SeverityProvider = _ => ResilienceEventSeverity.Debug,
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// Retry connection failures, attempt timeouts, 408, 409, 429, 5xx and 529, unless the server says
    /// <c>x-should-retry: false</c> (or <c>true</c> for anything), or asks for a wait longer than the cap or than
    /// what is <paramref name="remaining"/> of the call's budget.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider time, TimeSpan cap, TimeSpan? remaining = null)
    {
        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or IOException or AkiTimeoutException;
        }

        HttpResponseMessage? response = outcome.Result;
        if (response is null || response.IsSuccessStatusCode)
        {
            return false;
        }

        string? shouldRetry = ResponseHeaders.First(response, "x-should-retry");
        if (string.Equals(shouldRetry, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(shouldRetry, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int status = (int)response.StatusCode;
        if (status is not (408 or 409 or 429) && status < 500)
        {
            return false;
        }

        // A wait beyond the cap is the caller's decision, and one beyond the budget would end in a timeout that hides
        // the rate limit: surface the error now, RetryAfter set.
        return ResponseHeaders.RetryAfter(response, time.GetUtcNow()) is not { } wait || (wait <= cap && (remaining is not { } left || wait < left));
    }

    private static TimeSpan? Remaining(ResilienceContext context, TimeProvider time) =>
        context.Properties.TryGetValue(DeadlineKey, out DateTimeOffset deadline) ? deadline - time.GetUtcNow() : null;
}
