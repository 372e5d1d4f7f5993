using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Aki.Client.Http;

namespace Aki.Client.Streaming;

/// <summary>
/// Reads a <see cref="MessageStream"/> once: pulls events from its source, folds each into the accumulator (content
/// blocks too, unless the caller forwards and keeps nothing), ends
/// with <see cref="AkiStreamTruncatedException"/> when the events stop before <c>message_stop</c>, and gives every
/// failure the request id, the attempts and the partial message. The source is released however reading ends.
/// </summary>
internal sealed class MessageStreamEnumerator : IAsyncEnumerator<MessageStreamEvent>
{
    private readonly StreamEventSource _source;
    private readonly MessageAccumulator _accumulator;
    private readonly string _requestedModel;
    private readonly CallerTokens _caller;
    private readonly CancellationToken _token;
    private readonly bool _accumulateContent;
    private CancellationTokenSource? _linked;
    private MessageStreamEvent? _current;

    // The call's telemetry once the source has started; null when nothing listens (one null check per event).
    private ChatCall? _call;

    public MessageStreamEnumerator(StreamEventSource source, MessageAccumulator accumulator, string requestedModel, CancellationToken requestToken, CancellationToken enumeratorToken, bool accumulateContent = true)
    {
        _source = source;
        _accumulateContent = accumulateContent;
        _accumulator = accumulator;
        _requestedModel = requestedModel;
        _caller = new CallerTokens(requestToken, enumeratorToken);
        if (enumeratorToken.CanBeCanceled && requestToken.CanBeCanceled && enumeratorToken != requestToken)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(requestToken, enumeratorToken);
            _token = _linked.Token;
        }
        else
        {
            _token = enumeratorToken.CanBeCanceled ? enumeratorToken : requestToken;
        }
    }

    public enum Status
    {
        NotStarted,
        Running,
        Completed,
        Failed,
        Abandoned,
    }

    public Status State { get; private set; }

    /// <summary>False for a forwarder's read (<see cref="MessageStream.WithoutAccumulation"/>): content blocks are not kept.</summary>
    public bool AccumulatesContent => _accumulateContent;

    /// <summary>The model <c>message_start</c> named, once it arrived.</summary>
    public string? ServedModel { get; private set; }

    public MessageStreamEvent Current => _current ?? throw new InvalidOperationException("Enumeration has not started.");

    /// <summary>Advances to the next event; completes synchronously while buffered events last.</summary>
    public ValueTask<bool> MoveNextAsync()
    {
        if (State == Status.Running)
        {
            try
            {
                _token.ThrowIfCancellationRequested();
                if (_source.TryRead(out MessageStreamEvent? streamEvent))
                {
                    Accept(streamEvent);
                    return new ValueTask<bool>(true);
                }
            }
            catch (Exception e)
            {
                return new ValueTask<bool>(Task.FromException<bool>(Fail(e)));
            }
        }

        return MoveNextSlowAsync();
    }

    /// <summary>Releases the source; called by <c>await foreach</c> however the loop ends.</summary>
    public ValueTask DisposeAsync()
    {
        if (State is Status.NotStarted or Status.Running)
        {
            // A stream disposed before it started sent nothing and has no telemetry to end.
            if (State == Status.Running && _call is { } call)
            {
                call.Abandoned(call.NeedsMessage ? PartialMessage() : null, _source.RequestId, _source.Attempts);
            }

            State = Status.Abandoned;
        }

        return ReleaseAsync();
    }

    private async ValueTask<bool> MoveNextSlowAsync()
    {
        try
        {
            if (State == Status.NotStarted)
            {
                State = Status.Running;
                await _source.StartAsync(_token).ConfigureAwait(false);
                _call = _source.Call;
            }

            if (State != Status.Running)
            {
                return false;
            }

            _token.ThrowIfCancellationRequested();
            MessageStreamEvent? streamEvent = await _source.ReadAsync(_token).ConfigureAwait(false);
            if (streamEvent is null)
            {
                return await CompleteAsync().ConfigureAwait(false);
            }

            Accept(streamEvent);
            return true;
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
    }

    private void Accept(MessageStreamEvent streamEvent)
    {
        // A forwarder's read keeps the message's own fields (id, model, stop reason, usage, completion) but no content,
        // so memory stays flat whatever the length of the answer.
        if (_accumulateContent || streamEvent is not (ContentBlockStartEvent or ContentBlockDeltaEvent or ContentBlockStopEvent))
        {
            _accumulator.Add(streamEvent);
        }

        if (streamEvent is MessageStartEvent start)
        {
            ServedModel = start.Message.Model;
        }

        _call?.OnEvent(streamEvent);

        _current = streamEvent;
    }

    private ValueTask<bool> CompleteAsync()
    {
        if (!_accumulator.IsComplete)
        {
            throw new AkiStreamTruncatedException(
                "The stream ended before message_stop: the connection closed early. PartialMessage holds what arrived.",
                null);
        }

        State = Status.Completed;
        if (_call is { } call)
        {
            call.Succeeded(call.NeedsMessage ? Finish(_accumulator.ToMessage(), _source.RequestId, _requestedModel) : null, _source.RequestId, _source.Attempts);
        }

        ValueTask release = ReleaseAsync();
        return release.IsCompletedSuccessfully ? new ValueTask<bool>(false) : EndAfterAsync(release);
    }

    private static async ValueTask<bool> EndAfterAsync(ValueTask release)
    {
        await release.ConfigureAwait(false);
        return false;
    }

    /// <summary>Releases the source and turns a failure into the exception the caller sees, partial message attached.</summary>
    private Exception Fail(Exception e)
    {
        State = Status.Failed;
        Exception translated = _source.Translate(e, _caller);
        ChatCall? call = _source.Call;
        // The call's source (not the cached field): a failure while starting comes before the field is set.
        Message? partial = translated is AkiException || call is { NeedsMessage: true } ? PartialMessage() : null;
        if (translated is AkiException error)
        {
            translated = StreamFailureContext.Attach(error, _source.RequestId, _source.Attempts, partial);
        }

        call?.Failed(translated, partial, _source.RequestId, _source.Attempts);

        // The HTTP source's release completes synchronously (it disposes the response and its buffers); a caller's
        // event enumerator may take longer, and the failure is not held up for it.
        ValueTask release = ReleaseAsync();
        if (!release.IsCompleted)
        {
            _ = release.AsTask();
        }

        return translated;
    }

    /// <summary>An accumulated message as callers get it: with the response's request id and the model asked for ("" for none).</summary>
    public static Message Finish(Message message, string? requestId, string requestedModel) =>
        message with { RequestId = requestId, RequestedModel = requestedModel.Length > 0 ? requestedModel : null };

    private Message? PartialMessage() => _accumulator.HasStarted ? Finish(_accumulator.ToMessage(), _source.RequestId, _requestedModel) : null;

    private ValueTask ReleaseAsync()
    {
        // The source first: its deadlines are linked to the token the linked source makes. The HTTP source's release
        // completes synchronously, and then so does this.
        ValueTask disposing = _source.DisposeAsync();
        if (!disposing.IsCompletedSuccessfully)
        {
            return ReleaseAfterAsync(disposing);
        }

        disposing.GetAwaiter().GetResult();
        ReleaseLinked();
        return default;
    }

    private async ValueTask ReleaseAfterAsync(ValueTask disposing)
    {
        try
        {
            await disposing.ConfigureAwait(false);
        }
        finally
        {
            ReleaseLinked();
        }
    }

    private void ReleaseLinked()
    {
        _linked?.Dispose();
        _linked = null;
    }
}
