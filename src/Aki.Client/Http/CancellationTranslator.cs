using System;
using System.Threading;

namespace Aki.Client.Http;

/// <summary>
/// The one place where a cancellation inside a call becomes what the caller sees: an <see cref="AkiTimeoutException"/>
/// naming the setting when an SDK-owned deadline expired, or an <see cref="OperationCanceledException"/> carrying the
/// caller's own token (sends and reads see linked tokens; callers match on the token they cancelled).
/// </summary>
internal static class CancellationTranslator
{
    /// <summary>
    /// Translates <paramref name="cancelled"/>. <paramref name="deadline"/> is the innermost SDK deadline of the step
    /// that was cancelled, if any. A cancellation that neither the caller nor a deadline of ours caused came from a
    /// caller-owned <see cref="System.Net.Http.HttpClient.Timeout"/> when <paramref name="fromHttpClient"/> is true.
    /// </summary>
    public static Exception Translate(
        OperationCanceledException cancelled,
        CallerTokens caller,
        TimeoutScope? deadline,
        string host,
        int attempts,
        bool fromHttpClient = false)
    {
        if (caller.Cancelled is { } token)
        {
            return cancelled.CancellationToken == token ? cancelled : new OperationCanceledException(cancelled.Message, cancelled, token);
        }

        if (deadline is not null && deadline.HasPassed)
        {
            return Timeout(deadline, host, attempts, cancelled);
        }

        if (fromHttpClient && deadline is not null)
        {
            return new AkiTimeoutException(
                $"No answer from {host} within the HttpClient's Timeout after {attempts} attempt(s). A caller-owned HttpClient keeps its own Timeout (100 s by default): set it to Timeout.InfiniteTimeSpan and let AkiClientOptions.{Setting(deadline.Kind)} ({deadline.Timeout}) decide.",
                deadline.Timeout,
                cancelled)
            { Attempts = attempts };
        }

        return cancelled;
    }

    private static AkiTimeoutException Timeout(TimeoutScope deadline, string host, int attempts, OperationCanceledException cancelled)
    {
        string message = deadline.Kind switch
        {
            TimeoutKind.Total => $"The request and its retries did not complete within AkiClientOptions.TotalTimeout ({deadline.Timeout}).",
            TimeoutKind.StreamIdle => $"No data arrived for AkiClientOptions.StreamIdleTimeout ({deadline.Timeout}); the connection seems hung. PartialMessage holds what arrived.",
            TimeoutKind.ModelList => $"Listing models (GET v1/models) did not complete within {deadline.Timeout}.",
            _ => $"No answer from {host} within AkiClientOptions.{Setting(deadline.Kind)} ({deadline.Timeout}) after {attempts} attempt(s). Large models can be slow: raise the timeout, lower MaxTokens, or stream the answer.",
        };
        return new AkiTimeoutException(message, deadline.Timeout, cancelled) { Attempts = attempts };
    }

    private static string Setting(TimeoutKind kind) => kind switch
    {
        TimeoutKind.StreamResponse => nameof(AkiClientOptions.StreamResponseTimeout),
        TimeoutKind.Total => nameof(AkiClientOptions.TotalTimeout),
        TimeoutKind.StreamIdle => nameof(AkiClientOptions.StreamIdleTimeout),
        _ => nameof(AkiClientOptions.Timeout),
    };
}
