using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Aki.Client.Http;

namespace Aki.Client.Streaming;

/// <summary>
/// The events of a streamed answer from AKI.IO: runs the model guard, sends the request (retried until the headers
/// arrive, never after), checks the body is an event stream, then frames it (<see cref="SseFramer"/>) and parses each
/// event (<see cref="StreamEventParser"/>) under the idle deadline. Error events become exceptions here.
/// </summary>
internal sealed class HttpEventSource : StreamEventSource
{
    private readonly AkiHttpPipeline _pipeline;
    private readonly byte[] _body;
    private readonly MessageRequest _request;
    private readonly int _maxTokens;
    private readonly ModelGuard _guard;
    private readonly MessagesTelemetry _telemetry;
    private readonly AttemptCounter _attempts = new();
    private ChatCall? _call;
    private HttpResponseMessage? _response;
    private SseFramer? _framer;
    private TimeoutScope? _idle;
    private CancellationToken _token;

    public HttpEventSource(AkiHttpPipeline pipeline, byte[] body, MessageRequest request, int maxTokens, ModelGuard guard, MessagesTelemetry telemetry)
    {
        _pipeline = pipeline;
        _body = body;
        _request = request;
        _maxTokens = maxTokens;
        _guard = guard;
        _telemetry = telemetry;
    }

    public override int Attempts => _attempts.Reported;

    public override ChatCall? Call => _call;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // A token cancelled before the stream starts sends nothing.
        cancellationToken.ThrowIfCancellationRequested();
        _token = cancellationToken;
        AkiClientOptions options = _pipeline.Options;

        // The stream's activity is current while the request is sent (the HTTP attempts are its children); it ends
        // where the reader releases the stream, however that happens.
        _call = _telemetry.Start(_request, _maxTokens, _body, streaming: true);

        // The model guard, as for CreateAsync: Strict may read the live model list once per cache lifetime.
        await _guard.CheckBeforeSendAsync(_request.Model, _request.MaxTokens, cancellationToken).ConfigureAwait(false);
        (_response, _, TimeoutScope? deadline) = await _pipeline.Sender.SendAsync(
            static source => ((HttpEventSource)source).CreateRequest(),
            this,
            options.StreamResponseTimeout,
            TimeoutKind.StreamResponse,
            _attempts,
            cancellationToken).ConfigureAwait(false);

        // The attempt's deadline, still running, becomes the idle deadline (one source and timer per stream); it is
        // ours to dispose from here on, whatever fails next. It also bounds reading a body of the wrong type.
        _idle = deadline;
        if (_idle is null)
        {
            _idle = new TimeoutScope(_pipeline.Time, options.StreamIdleTimeout, TimeoutKind.StreamIdle, cancellationToken);
        }
        else
        {
            _idle.Restart(options.StreamIdleTimeout, TimeoutKind.StreamIdle);
        }

        RequestId = ResponseHeaders.RequestId(_response);
        Stream body = await _pipeline.Reader.OpenEventStreamAsync(_response, _idle.Token).ConfigureAwait(false);
        _framer = new SseFramer(body);
        _call?.Opened();
    }

    public override bool TryRead([NotNullWhen(true)] out MessageStreamEvent? streamEvent)
    {
        SseFramer framer = _framer!;
        while (framer.TryReadEvent(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data))
        {
            streamEvent = Parse(name, data);
            if (streamEvent is not null)
            {
                return true;
            }
        }

        streamEvent = null;
        return false;
    }

    public override ValueTask<MessageStreamEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        SseFramer framer = _framer!;
        while (true)
        {
            if (TryRead(out MessageStreamEvent? streamEvent))
            {
                return new ValueTask<MessageStreamEvent?>(streamEvent);
            }

            // Where the body's bytes are already there, the events are read without a state machine.
            RestartIdleTimeout();
            ValueTask<bool> filling = framer.FillAsync(_idle!.Token);
            if (!filling.IsCompletedSuccessfully)
            {
                return ReadAfterFillAsync(filling);
            }

            if (!filling.Result)
            {
                return new ValueTask<MessageStreamEvent?>(TryRead(out streamEvent) ? streamEvent : null);
            }
        }
    }

    private async ValueTask<MessageStreamEvent?> ReadAfterFillAsync(ValueTask<bool> filling)
    {
        SseFramer framer = _framer!;
        while (true)
        {
            if (!await filling.ConfigureAwait(false))
            {
                return TryRead(out MessageStreamEvent? last) ? last : null;
            }

            if (TryRead(out MessageStreamEvent? streamEvent))
            {
                return streamEvent;
            }

            RestartIdleTimeout();
            filling = framer.FillAsync(_idle!.Token);
        }
    }

    public override Exception Translate(Exception failure, CallerTokens caller) => failure switch
    {
        OperationCanceledException cancelled => CancellationTranslator.Translate(cancelled, caller, _idle, _pipeline.BaseAddress.Host, Attempts),
        IOException or HttpRequestException when _framer is not null => new AkiStreamTruncatedException(
            $"The connection broke before message_stop ({_pipeline.Reader.Redact(failure.Message)}). PartialMessage holds what arrived; the request is not replayed.",
            failure),
        _ => failure,
    };

    public override ValueTask DisposeAsync()
    {
        _framer?.Dispose();
        _framer = null;
        _response?.Dispose();
        _response = null;
        _idle?.Dispose();
        _idle = null;
        return default;
    }

    /// <summary>Each attempt's request: the same body, a fresh message.</summary>
    private HttpRequestMessage CreateRequest() => _pipeline.Requests.CreateMessages(_body, stream: true);

    /// <summary>
    /// Gives the next read the whole idle timeout. The deadline measures the server's silence during a read, not the
    /// caller's time between reads: if it ran out while no read was waiting (the caller was busy with an event), it
    /// cannot be restarted, so it is replaced.
    /// </summary>
    private void RestartIdleTimeout()
    {
        if (_idle!.HasPassed && !_token.IsCancellationRequested)
        {
            _idle.Dispose();
            _idle = new TimeoutScope(_pipeline.Time, _pipeline.Options.StreamIdleTimeout, TimeoutKind.StreamIdle, _token);
            return;
        }

        _idle.Reset();
    }

    /// <summary>Parses one event; null for what is not yielded (<c>[DONE]</c>). Error events throw.</summary>
    private MessageStreamEvent? Parse(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        StreamEventParser.Kind kind = StreamEventParser.Classify(name, data);
        if (kind == StreamEventParser.Kind.Done)
        {
            return null;
        }

        if (kind == StreamEventParser.Kind.Error)
        {
            throw _pipeline.Reader.StreamError(data, RequestId);
        }

        MessageStreamEvent streamEvent;
        try
        {
            streamEvent = StreamEventParser.Parse(kind, name, data);
        }
        catch (JsonException e)
        {
            throw _pipeline.Reader.MalformedEvent(data, e, RequestId);
        }

        if (streamEvent is MessageStartEvent start)
        {
            _guard.CheckServed(_request.Model, start.Message.Model);
        }

        return streamEvent;
    }
}
