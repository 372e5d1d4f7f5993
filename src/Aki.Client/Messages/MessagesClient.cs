using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Http;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// <c>/v1/messages</c>: send a conversation and get the model's answer, whole (<see cref="CreateAsync"/>) or
/// streamed. Thread-safe; reach it through <see cref="AkiClient.Messages"/>. Methods are virtual for mocking.
/// </summary>
public class MessagesClient
{
    private readonly AkiHttpPipeline? _pipeline;
    private readonly ModelGuard? _guard;

    /// <summary>For mocking frameworks only; a client made this way cannot send.</summary>
    protected MessagesClient()
    {
    }

    internal MessagesClient(AkiHttpPipeline pipeline, ModelGuard guard)
    {
        _pipeline = pipeline;
        _guard = guard;
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
        byte[] body = Prepare(request, stream: false);
        using var timeout = new TimeoutScope(pipeline.Time, pipeline.Options.Timeout, cancellationToken);
        try
        {
            using HttpRequestMessage httpRequest = pipeline.CreateRequest(HttpMethod.Post, "v1/messages", body, acceptEventStream: false);
            using HttpResponseMessage response = await pipeline.SendAsync(httpRequest, timeout.Token).ConfigureAwait(false);
            Message message = await pipeline.ReadJsonAsync(response, AkiJsonContext.Default.Message, timeout.Token).ConfigureAwait(false);
            message = message with { RequestId = ResponseHeaders.RequestId(response), RequestedModel = request.Model };
            _guard!.CheckServed(request.Model, message.Model);
            return message;
        }
        catch (OperationCanceledException e) when (timeout.Expired(cancellationToken))
        {
            throw new AkiTimeoutException(
                $"The request did not complete within AkiClientOptions.Timeout ({timeout.Timeout}). Large models can be slow: raise the timeout, lower MaxTokens, or stream the answer.",
                timeout.Timeout,
                e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e.CancellationToken != cancellationToken)
        {
            // HttpClient reports the linked token it was given; callers match on their own token.
            throw new OperationCanceledException(e.Message, e, cancellationToken);
        }
    }

    /// <summary>Validates the request, applies the model guard, fills the defaults and serializes the body.</summary>
    internal byte[] Prepare(MessageRequest request, bool stream)
    {
        RequestValidator.Validate(request);
        _guard!.CheckBeforeSend(request.Model);
        int maxTokens = request.MaxTokens ?? AkiModels.GetDefaultMaxTokens(request.Model);
        if (request.MaxTokens is { } asked && AkiModels.GetLimits(request.Model) is { } limits && asked > limits.MaxOutputTokens)
        {
            throw new ArgumentException(
                $"MessageRequest.MaxTokens is {asked}, above the output limit of '{request.Model}' ({limits.MaxOutputTokens} tokens). Lower it, or leave it null for the default of {AkiModels.GetDefaultMaxTokens(request.Model)}.",
                nameof(request));
        }

        MessageRequest wire = request with { MaxTokens = maxTokens, Stream = stream ? true : null };
        return JsonSerializer.SerializeToUtf8Bytes(wire, AkiJsonContext.Default.MessageRequest);
    }

    private AkiHttpPipeline Pipeline =>
        _pipeline ?? throw new InvalidOperationException("This MessagesClient was created for mocking and cannot send requests. Use AkiClient.Messages.");
}
