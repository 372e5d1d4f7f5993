using System;
using Aki.Client.ChatClient;
using Microsoft.Extensions.AI;

namespace Aki.Client;

/// <summary>Makes an <see cref="AkiClient"/> usable wherever Microsoft.Extensions.AI expects an <see cref="IChatClient"/>.</summary>
public static class AkiChatClientExtensions
{
    /// <summary>
    /// An <see cref="IChatClient"/> that talks to AKI.IO through this client's Messages API, so its retries, timeouts,
    /// model guard and logging apply. Compose it with <c>.AsBuilder().UseFunctionInvocation()</c> and friends.
    /// Disposing the chat client leaves <paramref name="client"/> open: it stays yours to dispose.
    /// </summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="defaultModelId">The model for calls whose <see cref="ChatOptions.ModelId"/> is not set, such as <see cref="AkiModels.Gemma4_26B"/>.</param>
    /// <returns>The chat client. <c>GetService&lt;ChatClientMetadata&gt;()</c> gives the provider name <c>aki</c>, the endpoint and the default model; <c>GetService&lt;AkiClient&gt;()</c> gives <paramref name="client"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static IChatClient AsIChatClient(this AkiClient client, string? defaultModelId = null) =>
        new AkiChatClient(client ?? throw new ArgumentNullException(nameof(client)), defaultModelId);
}
