using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace Aki.Client.Http;

/// <summary>
/// Sends requests: a fresh request per attempt, each attempt under its own deadline, retried per
/// <see cref="RetryPolicy"/> until the response headers arrive. An error status that is not retried, or still fails
/// after the retries, is thrown as an <see cref="AkiApiException"/>; a failure to connect as an <see cref="AkiException"/>.
/// </summary>
internal sealed class HttpSender
{
    private readonly Func<HttpClient> _httpClient;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly ResponseReader _reader;
    private readonly TimeProvider _time;
    private readonly string _host;
    private readonly ILogger _logger;

    // When the retry pipeline reports no telemetry (Polly's metrics and log events for every execution, on only with a
    // logger factory), a call's first attempt runs outside it and only a failure is handed to it (SendCoreAsync).
    private readonly bool _firstAttemptOutsideRetry;

    public HttpSender(Func<HttpClient> httpClient, ResiliencePipeline<HttpResponseMessage> retry, bool retryObserved, ResponseReader reader, TimeProvider time, string host, ILogger logger)
    {
        _httpClient = httpClient;
        _retry = retry;
        _firstAttemptOutsideRetry = !retryObserved;
        _reader = reader;
        _time = time;
        _host = host;
        _logger = logger;
    }

    /// <summary>
    /// Sends until the headers of a success arrive; <paramref name="attempts"/> counts every attempt made. The
    /// deadline of the attempt that succeeded comes back still running and is the caller's to restart as its next limit
    /// (a stream's idle deadline) and to dispose; null when the caller's token could not be handed on with it.
    /// </summary>
    /// <param name="createRequest">Makes each attempt's request from <paramref name="requestState"/> (a static lambda: nothing is captured per call).</param>
    /// <param name="requestState">What <paramref name="createRequest"/> makes the request from.</param>
    /// <param name="attemptTimeout">Each attempt's deadline.</param>
    /// <param name="timeoutKind">Which limit the deadline is, for its message.</param>
    /// <param name="attempts">Counts the attempts made.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public ValueTask<SendResult> SendAsync(Func<object, HttpRequestMessage> createRequest, object requestState, TimeSpan attemptTimeout, TimeoutKind timeoutKind, AttemptCounter attempts, CancellationToken cancellationToken) =>
        SendCoreAsync(createRequest, requestState, attemptTimeout, timeoutKind, readBody: false, attempts, cancellationToken, keepDeadline: true);

    /// <summary>
    /// As <see cref="SendAsync"/>, and the whole body is read within the attempt (so a body cut off is retried too);
    /// the result has no deadline. <paramref name="budget"/> is what the call may take in all: a retry-after beyond
    /// what is left of it is not waited for.
    /// </summary>
    public ValueTask<SendResult> SendAndReadAsync(Func<HttpRequestMessage> createRequest, TimeSpan attemptTimeout, TimeoutKind timeoutKind, AttemptCounter attempts, CancellationToken cancellationToken, TimeSpan? budget = null) =>
        SendCoreAsync(static create => ((Func<HttpRequestMessage>)create)(), createRequest, attemptTimeout, timeoutKind, readBody: true, attempts, cancellationToken, keepDeadline: false, budget);

    private async ValueTask<SendResult> SendCoreAsync(
        Func<object, HttpRequestMessage> createRequest,
        object requestState,
        TimeSpan attemptTimeout,
        TimeoutKind timeoutKind,
        bool readBody,
        AttemptCounter attempts,
        CancellationToken cancellationToken,
        bool keepDeadline,
        TimeSpan? budget = null)
    {
        // The pipeline's context is taken from the pool only when the pipeline runs.
        ResilienceContext? context = null;
        var state = new SendState(this, createRequest, requestState, attemptTimeout, timeoutKind, readBody, keepDeadline ? cancellationToken : null, attempts);
        HttpResponseMessage response;
        try
        {
            // The outcome form: the attempt hands its failure to the retry strategy as a value, without the wrappers
            // that would catch it for us, and no closure is allocated per call.
            // Most calls succeed at once: when nothing observes the pipeline, the first attempt runs on its own and
            // the pipeline sees it only when it failed, replayed as the pipeline's own first attempt, so the retry
            // decisions, delays and logging are exactly the pipeline's.
            Outcome<HttpResponseMessage>? first = _firstAttemptOutsideRetry && !cancellationToken.IsCancellationRequested
                ? await AttemptAsync(cancellationToken, state).ConfigureAwait(false)
                : null;
            Outcome<HttpResponseMessage> outcome;
            if (first is { Exception: null, Result.IsSuccessStatusCode: true } success)
            {
                outcome = success;
            }
            else
            {
                state.Replay = first;
                context = ResilienceContextPool.Shared.Get(cancellationToken);
                if (budget is { } total && total < TimeSpan.FromDays(365))
                {
                    context.Properties.Set(RetryPolicy.DeadlineKey, _time.GetUtcNow() + total);
                }

                outcome = await _retry.ExecuteOutcomeAsync(
                    static (resilience, state) => state.Replay is { } replayed ? state.TakeReplay(replayed) : state.Sender.AttemptAsync(resilience.CancellationToken, state),
                    context,
                    state).ConfigureAwait(false);

                // The pipeline ended (the caller cancelled) before it took the replayed failure.
                state.Replay?.Result?.Dispose();
                state.Replay = null;
            }

            outcome.ThrowIfException();
            response = outcome.Result!;
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            state.Release();
            throw new AkiException($"Could not reach {_host} after {attempts.Count} attempt(s): {_reader.Redact(e.Message)}", e) { Attempts = attempts.Count };
        }
        catch
        {
            state.Release();
            throw;
        }
        finally
        {
            if (context is not null)
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        ResponseBody? body = state.Body;
        if (response.IsSuccessStatusCode)
        {
            return new SendResult(response, body, state.Deadline);
        }

        state.Release();

        using (response)
        using (var read = new TimeoutScope(_time, attemptTimeout, timeoutKind, cancellationToken))
        {
            // The error body gets the attempt's time too: a proxy that sends headers and then stalls must not hang us.
            AkiApiException error = await _reader.CreateErrorAsync(response, read.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw attempts.Count == 1 ? error : error.With(attempts.Count, partialMessage: null);
        }
    }

    /// <summary>One attempt: a fresh request under its own deadline; a failure comes back as the outcome, never thrown.</summary>
    /// <param name="token">The caller's token, or the one the pipeline's strategies hand the attempt.</param>
    /// <param name="state">The call's requests, limits and counters.</param>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(CancellationToken token, SendState state)
    {
        try
        {
            state.Attempts.Count++;
            state.Release();
            using HttpRequestMessage request = state.CreateRequest(state.RequestState);
            var attempt = new TimeoutScope(_time, state.AttemptTimeout, state.TimeoutKind, token);
            bool handedOver = false;
            Uri? address = request.RequestUri;

            // The summary's clock runs only when Debug is on for the SDK's category.
            long started = _logger.IsEnabled(LogLevel.Debug) ? _time.GetTimestamp() : 0;
            try
            {
                HttpResponseMessage sent;
                try
                {
                    sent = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (started != 0)
                {
                    AkiLog.AttemptFailed(_logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, _time.GetElapsedTime(started).TotalMilliseconds, state.Attempts.Count, e.GetType().Name);
                    throw;
                }

                if (started != 0)
                {
                    AkiLog.ResponseReceived(_logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, (int)sent.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds, state.Attempts.Count, ResponseHeaders.RequestId(sent));
                }

                if (Redirected(address, sent.RequestMessage?.RequestUri) is { } redirect)
                {
                    sent.Dispose();
                    throw redirect;
                }

                if (state.ReadBody && sent.IsSuccessStatusCode)
                {
                    try
                    {
                        state.Body = await ResponseBody.ReadAsync(sent.Content, attempt.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        sent.Dispose();
                        throw;
                    }
                }

                // A success's deadline goes on running for the caller, who restarts it as its next limit; the token
                // must be the caller's own, not one a strategy of the pipeline linked and will dispose.
                if (sent.IsSuccessStatusCode && state.KeepDeadlineFor is { } caller && caller == token)
                {
                    state.Deadline = attempt;
                    handedOver = true;
                }

                return Outcome.FromResult(sent);
            }
            catch (OperationCanceledException e) when (!token.IsCancellationRequested)
            {
                // Our attempt deadline, or (a caller-owned client) the HttpClient's own Timeout: both are
                // timeouts the retry policy may retry. The caller's cancel passes through as it is.
                throw CancellationTranslator.Translate(e, new CallerTokens(token), attempt, _host, state.Attempts.Count, fromHttpClient: true);
            }
            finally
            {
                if (!handedOver)
                {
                    attempt.Dispose();
                }
            }
        }
        catch (Exception e)
        {
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    /// <summary>
    /// A caller-owned <see cref="HttpClient"/> whose handler follows redirects has already sent the request, key and
    /// all, to wherever the redirect pointed: the SDK cannot stop that, so it refuses the answer and says how to fix it.
    /// Never retried, which would send the key there again.
    /// </summary>
    private static AkiException? Redirected(Uri? sentTo, Uri? answeredFrom)
    {
        // The usual answer: the handler did not follow anything and hands back the very address it was given.
        if (ReferenceEquals(sentTo, answeredFrom) || sentTo is null || answeredFrom is null || !sentTo.IsAbsoluteUri || !answeredFrom.IsAbsoluteUri
            || Uri.Compare(sentTo, answeredFrom, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return null;
        }

        string from = sentTo.GetLeftPart(UriPartial.Authority);
        string to = answeredFrom.GetLeftPart(UriPartial.Authority);
        return new AkiException(
            $"The HttpClient given to AkiClient followed a redirect from {from} to {to}, so its handler sent the request, x-api-key header included, to {to}. The answer was refused. "
            + "Create that HttpClient's handler with AllowAutoRedirect = false (SocketsHttpHandler or HttpClientHandler); if the redirect's target is the right address, set AkiClientOptions.Endpoint to it. "
            + $"If you do not trust {to}, rotate the API key.");
    }

    /// <summary>What every attempt of one call needs, and the body and deadline a successful attempt leaves.</summary>
    private sealed class SendState(HttpSender sender, Func<object, HttpRequestMessage> createRequest, object requestState, TimeSpan attemptTimeout, TimeoutKind timeoutKind, bool readBody, CancellationToken? keepDeadlineFor, AttemptCounter attempts)
    {
        public HttpSender Sender { get; } = sender;

        public Func<object, HttpRequestMessage> CreateRequest { get; } = createRequest;

        public object RequestState { get; } = requestState;

        public TimeSpan AttemptTimeout { get; } = attemptTimeout;

        public TimeoutKind TimeoutKind { get; } = timeoutKind;

        public bool ReadBody { get; } = readBody;

        /// <summary>The caller's token, when a success's deadline is to be handed on; null when it is not.</summary>
        public CancellationToken? KeepDeadlineFor { get; } = keepDeadlineFor;

        public AttemptCounter Attempts { get; } = attempts;

        public ResponseBody? Body { get; set; }

        public TimeoutScope? Deadline { get; set; }

        /// <summary>A first attempt made outside the pipeline, which failed, for the pipeline to take as its own first.</summary>
        public Outcome<HttpResponseMessage>? Replay { get; set; }

        public ValueTask<Outcome<HttpResponseMessage>> TakeReplay(Outcome<HttpResponseMessage> first)
        {
            Replay = null;
            return new ValueTask<Outcome<HttpResponseMessage>>(first);
        }

        /// <summary>Lets go of what an earlier attempt left, before another attempt or when the call fails.</summary>
        public void Release()
        {
            Body?.Dispose();
            Body = null;
            Deadline?.Dispose();
            Deadline = null;
        }
    }
}
