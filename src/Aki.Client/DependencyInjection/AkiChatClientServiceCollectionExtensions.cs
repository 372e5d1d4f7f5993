using System;
using Aki.Client;
using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an AKI.IO <see cref="IChatClient"/> over the <see cref="AkiClient"/> of a host's services.</summary>
public static class AkiChatClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="IChatClient"/> over the <see cref="AkiClient"/> registered with <c>services.AddAkiClient(...)</c>.
    /// Chain the returned builder to add middleware: <c>.UseFunctionInvocation().UseOpenTelemetry().UseLogging()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="defaultModelId">The model for calls whose <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <param name="lifetime">The chat client's lifetime; singleton by default, like the <see cref="AkiClient"/>.</param>
    /// <returns>The builder of the registered chat client.</returns>
    public static ChatClientBuilder AddAkiChatClient(this IServiceCollection services, string? defaultModelId = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        return services.AddChatClient(
            provider => (provider.GetService<AkiClient>() ?? throw NotRegistered(key: null)).AsIChatClient(defaultModelId),
            lifetime);
    }

    /// <summary>
    /// Registers a keyed <see cref="IChatClient"/> (resolve it with <c>[FromKeyedServices("name")]</c>) over the keyed
    /// <see cref="AkiClient"/> of the same key, registered with <c>services.AddKeyedAkiClient("name", ...)</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key of both the <see cref="AkiClient"/> and the chat client.</param>
    /// <param name="defaultModelId">The model for calls whose <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <param name="lifetime">The chat client's lifetime; singleton by default.</param>
    /// <returns>The builder of the registered chat client.</returns>
    public static ChatClientBuilder AddKeyedAkiChatClient(this IServiceCollection services, string serviceKey, string? defaultModelId = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (string.IsNullOrWhiteSpace(serviceKey))
        {
            throw new ArgumentException("A keyed chat client needs a non-empty key.", nameof(serviceKey));
        }

        return services.AddKeyedChatClient(
            serviceKey,
            provider => (provider.GetKeyedService<AkiClient>(serviceKey) ?? throw NotRegistered(serviceKey)).AsIChatClient(defaultModelId),
            lifetime);
    }

    private static InvalidOperationException NotRegistered(string? key) => new(key is null
        ? "No AkiClient is registered: call services.AddAkiClient(...) before AddAkiChatClient(...)."
        : $"No AkiClient is registered with the key '{key}': call services.AddKeyedAkiClient(\"{key}\", ...) before AddKeyedAkiChatClient(\"{key}\", ...).");
}
