using System;
using System.Net.Http;
using Aki.Client;
using Aki.Client.DependencyInjection;
using Aki.Client.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AkiClient"/> in a host's services.</summary>
public static class AkiServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the default registration uses with <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "Aki.Client";

    /// <summary>
    /// Registers a singleton <see cref="AkiClient"/> configured from a section such as <c>builder.Configuration.GetSection("Aki")</c>
    /// (<c>ApiKey</c>, <c>Endpoint</c>, <c>MaxRetries</c>, <c>ModelValidation</c>, <c>Timeout</c>...); the key may also come
    /// from <c>AKI_API_KEY</c>. The options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>The builder of the client's named <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddAkiClient(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        return Register(services, serviceKey: null, options => AkiConfigurationBinder.Bind(configuration, options));
    }

    /// <summary>Registers a singleton <see cref="AkiClient"/> configured in code. The options are validated when the host starts.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the client's named <see cref="HttpClient"/>, to add handlers.</returns>
    public static IHttpClientBuilder AddAkiClient(this IServiceCollection services, Action<AkiClientOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        return Register(services, serviceKey: null, configure);
    }

    /// <summary>
    /// Registers a keyed singleton <see cref="AkiClient"/> (resolve it with <c>[FromKeyedServices("name")]</c>), for hosts
    /// that use several keys or endpoints. Each key has its own options and named <see cref="HttpClient"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, also the options' name.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <returns>The builder of this client's named <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddKeyedAkiClient(this IServiceCollection services, string serviceKey, IConfiguration configuration)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        return Register(services, RequireKey(serviceKey), options => AkiConfigurationBinder.Bind(configuration, options));
    }

    /// <summary>Registers a keyed singleton <see cref="AkiClient"/> configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, also the options' name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of this client's named <see cref="HttpClient"/>.</returns>
    public static IHttpClientBuilder AddKeyedAkiClient(this IServiceCollection services, string serviceKey, Action<AkiClientOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        return Register(services, RequireKey(serviceKey), configure);
    }

    private static string RequireKey(string serviceKey) =>
        string.IsNullOrWhiteSpace(serviceKey) ? throw new ArgumentException("A keyed AkiClient needs a non-empty key.", nameof(serviceKey)) : serviceKey;

    private static IHttpClientBuilder Register(IServiceCollection services, string? serviceKey, Action<AkiClientOptions> configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        string optionsName = serviceKey ?? Options.Options.DefaultName;
        string httpClientName = serviceKey is null ? HttpClientName : HttpClientName + ":" + serviceKey;

        services.AddOptions<AkiClientOptions>(optionsName)
            .Configure(configure)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AkiClientOptions>, AkiClientOptionsValidator>());

        // The SDK owns timeouts and retries; the factory's client must not cut streams off after 100 seconds.
        IHttpClientBuilder builder = services.AddHttpClient(httpClientName)
            .ConfigureHttpClient(client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)

            // The factory's default handler follows redirects, and a redirect keeps x-api-key (only Authorization is
            // stripped): the same handler settings as a client the SDK creates itself.
            .ConfigurePrimaryHttpMessageHandler(HttpHandlers.Create)

            // The factory's request logging redacts header values in its messages but not in its structured state,
            // where x-api-key would reach log sinks at Trace level. The SDK logs what matters itself; a host that
            // re-adds HTTP logging on this builder gets the key redacted at least in the messages.
            .RedactLoggedHeaders(["x-api-key", "authorization"])
            .RemoveAllLoggers();

        Func<IServiceProvider, AkiClient> create = provider =>
        {
            AkiClientOptions options = provider.GetRequiredService<IOptionsMonitor<AkiClientOptions>>().Get(optionsName);
            if (options.LoggerFactory is null && provider.GetService<ILoggerFactory>() is { } loggerFactory && !options.IsFrozen)
            {
                options.LoggerFactory = loggerFactory;
            }

            IHttpClientFactory factory = provider.GetRequiredService<IHttpClientFactory>();
            return new AkiClient(options, httpClient: null, () => factory.CreateClient(httpClientName));
        };

        if (serviceKey is null)
        {
            services.TryAddSingleton(create);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (provider, _) => create(provider));
        }

        return builder;
    }
}
