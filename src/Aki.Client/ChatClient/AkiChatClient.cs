using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>
/// <see cref="IChatClient"/> over <see cref="AkiClient.Messages"/>: every call goes through the SDK's pipeline, so
/// retries, timeouts, the model guard, fallback detection and logging apply as they do to native calls.
/// </summary>
internal sealed class AkiChatClient : IChatClient
{
    private readonly AkiClient _client;
    private readonly string? _defaultModelId;
    private readonly ChatClientMetadata _metadata;

    public AkiChatClient(AkiClient client, string? defaultModelId)
    {
        _client = client;
        _defaultModelId = defaultModelId;
        _metadata = new ChatClientMetadata(Diagnostics.AkiAttributes.ProviderNameValue, client.BaseAddress ?? client.Options.Endpoint, defaultModelId);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        MappedRequest mapped = ChatRequestMapper.Map(messages, options, _defaultModelId, this);
        Message message = await _client.Messages.CreateAsync(mapped.Request, cancellationToken).ConfigureAwait(false);
        return ChatResponseMapper.ToChatResponse(message, mapped.OutputToolName, _client.Options.TimeProvider.GetUtcNow());
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new ChatUpdateStream(_client, messages, options, _defaultModelId, this, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return serviceType.IsInstanceOfType(_client) ? _client : null;
    }

    // The AkiClient belongs to the caller (or the host's container): this adapter holds nothing of its own to release.
    public void Dispose()
    {
    }
}
