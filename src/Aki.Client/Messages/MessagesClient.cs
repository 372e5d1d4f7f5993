using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Aki.Client.Http;
using Aki.Client.Serialization;
using Aki.Client.Streaming;

namespace Aki.Client;

/// <summary>
/// <c>/v1/messages</c>: send a conversation and get the model's answer, whole (<see cref="CreateAsync"/>) or
/// streamed. Thread-safe; reach it through <see cref="AkiClient.Messages"/>. Methods are virtual for mocking.
/// </summary>
public class MessagesClient
{
    private readonly AkiHttpPipeline? _pipeline;
    private readonly ModelGuard? _guard;
    private readonly MessagesTelemetry? _telemetry;

    /// <summary>For mocking frameworks only; a client made this way cannot send.</summary>
    protected MessagesClient()
    {
    }

    internal MessagesClient(AkiHttpPipeline pipeline, ModelGuard guard)
    {
        _pipeline = pipeline;
        _guard = guard;
        _telemetry = new MessagesTelemetry(pipeline);
    }

    /// <summary>Sends a request and returns the whole answer.</summary>
    /// <param name="request">The request. <see cref="MessageRequest.MaxTokens"/> defaults to <c>min(8192, the model's output limit)</c>.</param>
    /// <param name="cancellationToken">Cancels the call; surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <returns>The answer, with <see cref="Message.RequestId"/> and <see cref="Message.IsModelFallback"/> set.</returns>
    /// <exception cref="ArgumentException">The request is invalid (the message names the field); nothing was sent.</exception>
    /// <exception cref="AkiUnknownModelException">The model id is unknown and <see cref="ModelValidation.Strict"/> is on.</exception>
    /// <exception cref="AkiApiException">The server answered with an error.</exception>
    /// <exception cref="AkiTimeoutException"><see cref="AkiClientOptions.Timeout"/> expired.</exception>
    /// <exception cref="AkiUnexpectedResponseException">The body was not a message.</exception>
    public virtual async Task<Message> CreateAsync(MessageRequest request, CancellationToken cancellationToken = default)
    {
        AkiHttpPipeline pipeline = Pipeline;

        // Prepare validates the request: a bad one is an ArgumentException even when the token is already cancelled.
        byte[] body = Prepare(request, stream: false);
        cancellationToken.ThrowIfCancellationRequested();

        // Null unless something listens; its activity is current from here, so the model list read a Strict guard
        // may make and every HTTP attempt are its children.
        ChatCall? call = _telemetry!.Start(request, EffectiveMaxTokens(request), body, streaming: false);
        var attempts = new AttemptCounter();
        Message message;
        try
        {
            // Strict may load the live model list here (once per cache lifetime).
            await _guard!.CheckBeforeSendAsync(request.Model, request.MaxTokens, cancellationToken).ConfigureAwait(false);
            using var total = new TimeoutScope(pipeline.Time, pipeline.Options.TotalTimeout, TimeoutKind.Total, cancellationToken);
            try
            {
                (HttpResponseMessage response, ResponseBody? responseBody, _) = await pipeline.Sender.SendAndReadAsync(
                    () => pipeline.Requests.CreateMessages(body, stream: false),
                    pipeline.Options.Timeout,
                    TimeoutKind.Attempt,
                    attempts,
                    total.Token,
                    pipeline.Options.TotalTimeout).ConfigureAwait(false);
                using (response)
                using (responseBody)
                {
                    message = pipeline.Reader.ParseJson(response, responseBody!, AkiJsonContext.Default.Message) with
                    {
                        RequestId = ResponseHeaders.RequestId(response),
                        RequestedModel = request.Model,
                    };
                }
            }
            catch (OperationCanceledException e)
            {
                Exception translated = CancellationTranslator.Translate(e, new CallerTokens(cancellationToken), total, pipeline.BaseAddress.Host, attempts.Reported);
                if (ReferenceEquals(translated, e))
                {
                    throw;
                }

                throw translated;
            }

            _guard!.CheckServed(request.Model, message.Model);
        }
        catch (Exception e) when (call is not null)
        {
            call.Failed(e, partial: null, (e as AkiException)?.RequestId, attempts.Reported);
            throw;
        }

        call?.Succeeded(message, message.RequestId, attempts.Reported);
        return message;
    }

    /// <summary>
    /// Starts a streamed answer. The request is validated now and sent when the returned stream is first enumerated
    /// (or <see cref="MessageStream.GetFinalMessageAsync"/> is called).
    /// </summary>
    /// <param name="request">The request; the SDK sends it with <c>"stream": true</c>.</param>
    /// <param name="cancellationToken">Cancels the whole stream.</param>
    /// <returns>The stream of typed events; enumerate it once.</returns>
    /// <exception cref="ArgumentException">The request is invalid (the message names the field); nothing was sent.</exception>
    /// <remarks>The model guard runs when the stream starts: with <see cref="ModelValidation.Strict"/>, an unknown id throws <see cref="AkiUnknownModelException"/> from the first <c>MoveNextAsync</c>, before anything is sent.</remarks>
    public virtual MessageStream StreamAsync(MessageRequest request, CancellationToken cancellationToken = default)
    {
        AkiHttpPipeline pipeline = Pipeline;
        byte[] body = Prepare(request, stream: true);
        var source = new HttpEventSource(pipeline, body, request, EffectiveMaxTokens(request), _guard!, _telemetry!);
        return new MessageStream(source, request.Model, cancellationToken);
    }

    private static int EffectiveMaxTokens(MessageRequest request) => request.MaxTokens ?? AkiModels.GetDefaultMaxTokens(request.Model);

    /// <summary>Validates the request, fills the defaults and serializes the body (the model guard runs before sending).</summary>
    internal byte[] Prepare(MessageRequest request, bool stream)
    {
        RequestValidator.Validate(request);
        int maxTokens = EffectiveMaxTokens(request);
        if (request.MaxTokens is { } asked && AkiModels.GetLimits(request.Model) is { } limits && asked > limits.MaxOutputTokens)
        {
            throw new ArgumentException(
                $"MessageRequest.MaxTokens is {asked}, above the output limit of '{request.Model}' ({limits.MaxOutputTokens} tokens). Lower it, or leave it null for the default of {AkiModels.GetDefaultMaxTokens(request.Model)}.",
                nameof(request));
        }

        // A stream says so on the wire; a whole answer keeps the caller's explicit "stream": false, if they wrote one.
        bool? wireStream = stream ? true : request.Stream == false ? false : null;
#if NET
        if (PlainRequestWriter.TryWrite(request, maxTokens, wireStream) is { } plain)
        {
            return plain;
        }
#endif

        MessageRequest wire = request with { MaxTokens = maxTokens, Stream = wireStream };
        return JsonSerializer.SerializeToUtf8Bytes(wire, AkiJsonContext.Default.MessageRequest);
    }

    private AkiHttpPipeline Pipeline =>
        _pipeline ?? throw new InvalidOperationException("This MessagesClient was created for mocking and cannot send requests. Use AkiClient.Messages.");
}
