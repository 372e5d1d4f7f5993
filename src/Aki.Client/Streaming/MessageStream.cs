using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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
/// <remarks>
/// The events come from a source (the HTTP response, or <see cref="FromEvents"/>'s events) and are folded, as they
/// are read, into a <see cref="MessageAccumulator"/>; this type only ties the two together for the caller.
/// </remarks>
public sealed class MessageStream : IAsyncEnumerable<MessageStreamEvent>, IAsyncDisposable
{
    private readonly StreamEventSource _source;
    private readonly MessageAccumulator _accumulator = new();
    private readonly string _requestedModel;
    private readonly CancellationToken _requestToken;
    private MessageStreamEnumerator? _enumerator;

    internal MessageStream(StreamEventSource source, string? requestedModel, CancellationToken cancellationToken)
    {
        _source = source;
        _requestedModel = requestedModel ?? string.Empty;
        _requestToken = cancellationToken;
    }

    /// <summary>The <c>request-id</c> of the response, once its headers have arrived.</summary>
    public string? RequestId => _source.RequestId;

    /// <summary>
    /// True once <c>message_start</c> names a different model than requested (beyond aliases and case): AKI.IO
    /// answers unknown ids with MiniMax M2.5.
    /// </summary>
    public bool IsModelFallback =>
        _requestedModel.Length > 0 && _enumerator?.ServedModel is { } served && !AkiModels.IsSameModel(_requestedModel, served);

    /// <summary>The message accumulated from the events read so far.</summary>
    public Message CurrentMessage => MessageStreamEnumerator.Finish(_accumulator.ToMessage(), RequestId, _requestedModel);

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
        new(new GivenEventSource(events, requestId), requestedModel, cancellationToken);

    /// <summary>Starts reading the stream; a stream can be enumerated once.</summary>
    /// <param name="cancellationToken">Cancels reading, together with the token given to <c>StreamAsync</c>.</param>
    /// <returns>The enumerator. Its <c>MoveNextAsync</c> throws <see cref="AkiApiException"/> when the server answered with an error status or sent an error event, <see cref="AkiStreamTruncatedException"/> when the stream ended or broke before <c>message_stop</c>, and <see cref="AkiTimeoutException"/> when no response, or no event, arrived within the configured time.</returns>
    /// <exception cref="InvalidOperationException">The stream was already enumerated.</exception>
    public IAsyncEnumerator<MessageStreamEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        return Start(cancellationToken, accumulateContent: true);
    }

    /// <summary>
    /// The events without keeping their content, for code that forwards a stream and keeps nothing (a proxy, a relay to a
    /// browser): memory stays flat however long the answer. Truncation, error events and timeouts are still detected,
    /// and <see cref="IsModelFallback"/> still works; <see cref="CurrentMessage"/> and the failures'
    /// <see cref="AkiException.PartialMessage"/> carry the message's id, model, stop reason and usage but no content,
    /// and <see cref="GetFinalMessageAsync"/> throws. Like the stream itself, it can be enumerated once.
    /// </summary>
    /// <returns>The events, in stream order.</returns>
    public IAsyncEnumerable<MessageStreamEvent> WithoutAccumulation() => new Forwarded(this);

    /// <summary>Only the text of the answer, delta by delta. Enumerates this stream.</summary>
    /// <param name="cancellationToken">Cancels reading.</param>
    public async IAsyncEnumerable<string> TextAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (MessageStreamEvent streamEvent in TaskAsyncEnumerableExtensions.WithCancellation(this, cancellationToken).ConfigureAwait(false))
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
        MessageStreamEnumerator enumerator = _enumerator ?? Start(cancellationToken, accumulateContent: true);
        if (!enumerator.AccumulatesContent)
        {
            throw new InvalidOperationException("This stream was read with WithoutAccumulation(), which keeps no content, so there is no final message. Read it with await foreach or GetFinalMessageAsync() alone to get one.");
        }

        while (enumerator.State is MessageStreamEnumerator.Status.NotStarted or MessageStreamEnumerator.Status.Running)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                break;
            }
        }

        if (!_accumulator.IsComplete)
        {
            throw new InvalidOperationException(enumerator.State == MessageStreamEnumerator.Status.Abandoned
                ? "The stream was disposed before it completed (for example by leaving an await foreach early), so there is no final message. CurrentMessage holds what arrived."
                : "The stream failed before it completed; the exception it threw carries the partial message.");
        }

        return CurrentMessage;
    }

    /// <summary>
    /// Releases the HTTP response if reading stopped part-way (for example after a cancelled
    /// <see cref="GetFinalMessageAsync"/>); a stream read to its end, or left through <c>await foreach</c>, has released
    /// it already. The stream cannot be read after this.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (_enumerator is null)
        {
            _enumerator = new MessageStreamEnumerator(_source, _accumulator, _requestedModel, _requestToken, default);
        }

        return _enumerator.DisposeAsync();
    }

    /// <summary>The events of <see cref="WithoutAccumulation"/>.</summary>
    private sealed class Forwarded(MessageStream stream) : IAsyncEnumerable<MessageStreamEvent>
    {
        public IAsyncEnumerator<MessageStreamEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            stream.Start(cancellationToken, accumulateContent: false);
    }

    private MessageStreamEnumerator Start(CancellationToken cancellationToken, bool accumulateContent)
    {
        if (_enumerator is not null)
        {
            throw new InvalidOperationException("A MessageStream can be enumerated only once. Use GetFinalMessageAsync() for the accumulated message, or call StreamAsync again for a new request.");
        }

        _enumerator = new MessageStreamEnumerator(_source, _accumulator, _requestedModel, _requestToken, cancellationToken, accumulateContent);
        return _enumerator;
    }
}
