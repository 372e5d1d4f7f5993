using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Http;
using Aki.Client.Streaming;

namespace Aki.Client;

/// <summary>
/// A streamed answer from <see cref="MessagesClient.StreamAsync"/>: enumerate it (once) with <c>await foreach</c> for
/// typed events, or use <see cref="TextAsync"/> for the text alone, or <see cref="GetFinalMessageAsync"/> for the
/// accumulated message (after or instead of enumerating). The request is sent when enumeration starts. The HTTP
/// response is released when enumeration ends, breaks, fails or is cancelled.
/// </summary>
public sealed class MessageStream : IAsyncEnumerable<MessageStreamEvent>, IAsyncEnumerator<MessageStreamEvent>
{
    private readonly AkiHttpPipeline _pipeline;
    private readonly byte[] _body;
    private readonly string _requestedModel;
    private readonly ModelGuard _guard;
    private readonly CancellationToken _requestToken;
    private readonly MessageAccumulator _accumulator = new();
    private readonly IAsyncEnumerable<MessageStreamEvent>? _events;
    private IAsyncEnumerator<MessageStreamEvent>? _eventSource;
    private CancellationToken _token;
    private CancellationToken _enumeratorToken;
    private CancellationTokenSource? _linked;
    private TimeoutScope? _idle;
    private HttpResponseMessage? _response;
    private SseFramer? _framer;
    private State _state;
    private bool _enumerated;
    private MessageStreamEvent? _current;
    private string? _servedModel;
    private int _attempts;

    internal MessageStream(AkiHttpPipeline pipeline, byte[] body, string requestedModel, ModelGuard guard, CancellationToken cancellationToken)
    {
        _pipeline = pipeline;
        _body = body;
        _requestedModel = requestedModel;
        _guard = guard;
        _requestToken = cancellationToken;
    }

    /// <summary>A stream over events from elsewhere (see <see cref="FromEvents"/>); nothing is sent.</summary>
    private MessageStream(IAsyncEnumerable<MessageStreamEvent> events, string? requestedModel, string? requestId, CancellationToken cancellationToken)
    {
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _pipeline = null!;
        _body = [];
        _guard = null!;
        _requestedModel = requestedModel ?? string.Empty;
        _requestToken = cancellationToken;
        RequestId = requestId;
    }

    private enum State
    {
        NotStarted,
        Running,
        Completed,
        Failed,
        Abandoned,
    }

    /// <summary>The event the enumerator is on.</summary>
    public MessageStreamEvent Current => _current ?? throw new InvalidOperationException("Enumeration has not started.");

    /// <summary>The <c>request-id</c> of the response, once its headers have arrived.</summary>
    public string? RequestId { get; private set; }

    /// <summary>
    /// True once <c>message_start</c> names a different model than requested (beyond aliases and case): AKI.IO
    /// answers unknown ids with MiniMax M2.5.
    /// </summary>
    public bool IsModelFallback =>
        _requestedModel.Length > 0 && _servedModel is not null && !AkiModels.IsSameModel(_requestedModel, _servedModel);

    /// <summary>
    /// A stream over events that come from elsewhere: a test double for <see cref="MessagesClient.StreamAsync"/>, or
    /// events replayed from storage. It behaves like a stream from the server (enumerable once, accumulated into
    /// <see cref="GetFinalMessageAsync"/>, <see cref="AkiStreamTruncatedException"/> when the events end before
    /// <c>message_stop</c>), and sends nothing.
    /// </summary>
    /// <param name="events">The events, in stream order.</param>
    /// <param name="requestedModel">The model the imagined request asked for, so that <see cref="IsModelFallback"/> can be computed; null for none.</param>
    /// <param name="requestId">The request id to report.</param>
    /// <param name="cancellationToken">Cancels reading, as the token given to <c>StreamAsync</c> would.</param>
    public static MessageStream FromEvents(IAsyncEnumerable<MessageStreamEvent> events, string? requestedModel = null, string? requestId = null, CancellationToken cancellationToken = default) =>
        new(events, requestedModel, requestId, cancellationToken);

    /// <summary>The message accumulated from the events read so far.</summary>
    public Message CurrentMessage => Finish(_accumulator.ToMessage());

    /// <summary>Returns this stream as its own enumerator; a stream can be enumerated once.</summary>
    /// <param name="cancellationToken">Cancels reading, together with the token given to <c>StreamAsync</c>.</param>
    /// <exception cref="InvalidOperationException">The stream was already enumerated.</exception>
    public IAsyncEnumerator<MessageStreamEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("A MessageStream can be enumerated only once. Use GetFinalMessageAsync() for the accumulated message, or call StreamAsync again for a new request.");
        }

        _enumeratorToken = cancellationToken;
        if (cancellationToken.CanBeCanceled && _requestToken.CanBeCanceled && cancellationToken != _requestToken)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(_requestToken, cancellationToken);
            _token = _linked.Token;
        }
        else
        {
            _token = cancellationToken.CanBeCanceled ? cancellationToken : _requestToken;
        }

        _enumerated = true;
        return this;
    }

    /// <summary>Advances to the next event; completes synchronously while buffered events last.</summary>
    /// <returns>False at the end of a complete stream.</returns>
    /// <exception cref="AkiApiException">The server answered with an error status, or sent an error event.</exception>
    /// <exception cref="AkiStreamTruncatedException">The stream ended or broke before <c>message_stop</c>.</exception>
    /// <exception cref="AkiTimeoutException">No response, or no event, arrived within the configured time.</exception>
    public ValueTask<bool> MoveNextAsync()
    {
        if (_events is not null)
        {
            return MoveNextFromEventsAsync();
        }

        if (_state == State.Running && _framer is { } framer)
        {
            try
            {
                _token.ThrowIfCancellationRequested();
                while (framer.TryReadEvent(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data))
                {
                    if (Handle(name, data))
                    {
                        return new ValueTask<bool>(true);
                    }
                }
            }
            catch (Exception e)
            {
                return new ValueTask<bool>(Task.FromException<bool>(Fail(e)));
            }
        }

        return MoveNextSlowAsync();
    }

    /// <summary>Only the text of the answer, delta by delta. Enumerates this stream.</summary>
    /// <param name="cancellationToken">Cancels reading.</param>
    public async IAsyncEnumerable<string> TextAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (MessageStreamEvent streamEvent in WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (streamEvent is ContentBlockDeltaEvent { Delta: TextDelta text })
            {
                yield return text.Text;
            }
        }
    }

    /// <summary>
    /// The complete message: reads the rest of the stream if needed (or all of it, if enumeration never started).
    /// </summary>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="AkiStreamTruncatedException">The stream ended before <c>message_stop</c>; see its <see cref="AkiException.PartialMessage"/>.</exception>
    public async Task<Message> GetFinalMessageAsync(CancellationToken cancellationToken = default)
    {
        if (!_enumerated)
        {
            GetAsyncEnumerator(cancellationToken);
        }

        while (_state is State.NotStarted or State.Running)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await MoveNextAsync().ConfigureAwait(false))
            {
                break;
            }
        }

        if (!_accumulator.IsComplete)
        {
            throw new InvalidOperationException(_state == State.Abandoned
                ? "The stream was disposed before it completed (for example by leaving an await foreach early), so there is no final message. CurrentMessage holds what arrived."
                : "The stream failed before it completed; the exception it threw carries the partial message.");
        }

        return CurrentMessage;
    }

    /// <summary>Releases the HTTP response; called by <c>await foreach</c> however the loop ends.</summary>
    public ValueTask DisposeAsync()
    {
        if (_state is State.NotStarted or State.Running)
        {
            _state = State.Abandoned;
        }

        Release();
        IAsyncEnumerator<MessageStreamEvent>? source = _eventSource;
        _eventSource = null;
        return source?.DisposeAsync() ?? default;
    }

    private async ValueTask<bool> MoveNextFromEventsAsync()
    {
        if (_state is not (State.NotStarted or State.Running))
        {
            return false;
        }

        try
        {
            _state = State.Running;
            _enumerated = true;
            _eventSource ??= _events!.GetAsyncEnumerator(_token);
            _token.ThrowIfCancellationRequested();
            if (!await _eventSource.MoveNextAsync().ConfigureAwait(false))
            {
                return Complete();
            }

            MessageStreamEvent streamEvent = _eventSource.Current ?? throw new InvalidOperationException("The event source yielded null.");
            _accumulator.Add(streamEvent);
            if (streamEvent is MessageStartEvent start)
            {
                _servedModel = start.Message.Model;
            }

            _current = streamEvent;
            return true;
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
    }

    private ConfiguredCancelableAsyncEnumerable<MessageStreamEvent> WithCancellation(CancellationToken cancellationToken) =>
        TaskAsyncEnumerableExtensions.WithCancellation(this, cancellationToken);

    private async ValueTask<bool> MoveNextSlowAsync()
    {
        try
        {
            if (_state == State.NotStarted)
            {
                await StartAsync().ConfigureAwait(false);
            }

            if (_state != State.Running)
            {
                return false;
            }

            SseFramer framer = _framer!;
            while (true)
            {
                _token.ThrowIfCancellationRequested();
                if (TryNext(framer))
                {
                    return true;
                }

                RestartIdleTimeout();
                if (!await framer.FillAsync(_idle!.Token).ConfigureAwait(false) && !TryNext(framer))
                {
                    return Complete();
                }
            }
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
    }

    /// <summary>
    /// Gives the next read the whole idle timeout. The deadline measures the server's silence during a read, not the
    /// caller's time between reads: if it ran out while no read was waiting (the caller was busy with an event), it
    /// cannot be restarted, so it is replaced.
    /// </summary>
    private void RestartIdleTimeout()
    {
        if (_idle!.Token.IsCancellationRequested && !_token.IsCancellationRequested)
        {
            _idle.Dispose();
            _idle = new TimeoutScope(_pipeline.Time, _pipeline.Options.StreamIdleTimeout, _token);
            return;
        }

        _idle.Reset();
    }

    private bool TryNext(SseFramer framer)
    {
        while (framer.TryReadEvent(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data))
        {
            if (Handle(name, data))
            {
                return true;
            }
        }

        return false;
    }

    private async Task StartAsync()
    {
        _enumerated = true;
        _state = State.Running;
        AkiClientOptions options = _pipeline.Options;

        // The model guard, as for CreateAsync: Strict may read the live model list once per cache lifetime.
        await _guard.CheckBeforeSendAsync(_requestedModel, _token).ConfigureAwait(false);
        _response = await _pipeline.SendAsync(
            () =>
            {
                // One request is built per attempt; the count goes on failures after the stream started.
                _attempts++;
                return _pipeline.CreateRequest(HttpMethod.Post, AkiHttpPipeline.MessagesPath, _body, acceptEventStream: true);
            },
            options.StreamResponseTimeout,
            nameof(AkiClientOptions.StreamResponseTimeout),
            _token).ConfigureAwait(false);
        RequestId = ResponseHeaders.RequestId(_response);
        string? mediaType = _response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            using ResponseBody unexpected = await ResponseBody.ReadAsync(_response.Content, _token).ConfigureAwait(false);
            throw _pipeline.Unexpected(_response, unexpected.Array, unexpected.Length, $"A stream was requested but AKI.IO answered HTTP {(int)_response.StatusCode} with {mediaType} instead of text/event-stream", null);
        }

#if NET
        Stream body = await _response.Content.ReadAsStreamAsync(_token).ConfigureAwait(false);
#else
        Stream body = await _response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        _framer = new SseFramer(body);
        _idle = new TimeoutScope(_pipeline.Time, options.StreamIdleTimeout, _token);
    }

    /// <summary>Parses and folds one event; returns false for events that are not yielded (<c>[DONE]</c>).</summary>
    private bool Handle(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        StreamEventParser.Kind kind = StreamEventParser.Classify(name, data);
        if (kind == StreamEventParser.Kind.Done)
        {
            return false;
        }

        if (kind == StreamEventParser.Kind.Error)
        {
            throw _pipeline.StreamError(Encoding.UTF8.GetString(data.ToArray()), RequestId);
        }

        MessageStreamEvent streamEvent;
        try
        {
            streamEvent = StreamEventParser.Parse(kind, name, data);
        }
        catch (JsonException e)
        {
            string excerpt = ErrorMapper.Excerpt(_pipeline.RedactKey(Encoding.UTF8.GetString(data.Slice(0, Math.Min(data.Length, 1024)).ToArray()))) ?? "(empty)";
            throw new AkiUnexpectedResponseException(
                $"AKI.IO sent a stream event that is not valid JSON of its type ({e.Message}). Data: {excerpt}",
                200,
                "text/event-stream",
                excerpt,
                e)
            { RequestId = RequestId };
        }

        _accumulator.Add(streamEvent);
        if (streamEvent is MessageStartEvent start)
        {
            _servedModel = start.Message.Model;
            _guard.CheckServed(_requestedModel, _servedModel);
        }

        _current = streamEvent;
        return true;
    }

    private bool Complete()
    {
        if (!_accumulator.IsComplete)
        {
            throw new AkiStreamTruncatedException(
                "The stream ended before message_stop: the connection closed early. PartialMessage holds what arrived.",
                null);
        }

        _state = State.Completed;
        Release();
        return false;
    }

    /// <summary>Releases the response and turns a failure into the exception the caller sees, partial message attached.</summary>
    private Exception Fail(Exception e)
    {
        bool wasRunning = _state == State.Running;
        _state = State.Failed;
        Message? partial = _accumulator.HasStarted ? CurrentMessage : null;
        Exception translated = Translate(e, wasRunning, partial);
        Release();
        return translated;
    }

    private Exception Translate(Exception e, bool wasRunning, Message? partial)
    {
        return e switch
        {
            OperationCanceledException when _idle is { } idle && idle.Expired(_token) => new AkiTimeoutException(
                $"No data arrived for AkiClientOptions.StreamIdleTimeout ({idle.Timeout}); the connection seems hung. PartialMessage holds what arrived.",
                idle.Timeout,
                e)
            { RequestId = RequestId, PartialMessage = partial, Attempts = Attempts },
            // Reads and sends see linked tokens; the caller matches on the token they cancelled.
            OperationCanceledException cancelled when _token.IsCancellationRequested && cancelled.CancellationToken != CancelledCallerToken() =>
                new OperationCanceledException(cancelled.Message, cancelled, CancelledCallerToken()),
            AkiStreamTruncatedException truncated => new AkiStreamTruncatedException(truncated.Message, truncated.InnerException) { RequestId = RequestId, PartialMessage = partial, Attempts = Attempts },
            AkiApiException api when wasRunning && _framer is not null => api.With(Attempts, partial),
            AkiUnexpectedResponseException unexpected => new AkiUnexpectedResponseException(unexpected.Message, unexpected.StatusCode, unexpected.ContentType, unexpected.BodyExcerpt, unexpected.InnerException) { RequestId = unexpected.RequestId ?? RequestId, PartialMessage = partial, Attempts = Attempts },
            IOException or HttpRequestException when _framer is not null => new AkiStreamTruncatedException(
                $"The connection broke before message_stop ({_pipeline.RedactKey(e.Message)}). PartialMessage holds what arrived; the request is not replayed.",
                e)
            { RequestId = RequestId, PartialMessage = partial, Attempts = Attempts },
            _ => e,
        };
    }

    /// <summary>The attempts the request took before the response this stream reads (1 without retries).</summary>
    private int Attempts => Math.Max(_attempts, 1);

    private CancellationToken CancelledCallerToken() => _requestToken.IsCancellationRequested ? _requestToken : _enumeratorToken;

    private Message Finish(Message message) =>
        message with { RequestId = RequestId, RequestedModel = _requestedModel.Length > 0 ? _requestedModel : null };

    private void Release()
    {
        _framer?.Dispose();
        _response?.Dispose();
        _response = null;
        _idle?.Dispose();
        _idle = null;
        _linked?.Dispose();
        _linked = null;
    }
}
