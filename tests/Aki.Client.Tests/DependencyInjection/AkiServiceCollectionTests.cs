using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.DependencyInjection;

/// <summary>
/// What <c>AddAkiClient</c> registers: a singleton that takes a fresh client from <see cref="IHttpClientFactory"/> per
/// call, keyed clients that stay apart, the same retries as without DI, and logging through the host's factory.
/// </summary>
public class AkiServiceCollectionTests
{
    [Fact]
    public void AddAkiClientReturnsTheBuilderOfTheNamedHttpClient()
    {
        var services = new ServiceCollection();

        IHttpClientBuilder builder = services.AddAkiClient(o => o.ApiKey = "k");
        IHttpClientBuilder keyed = services.AddKeyedAkiClient("support", o => o.ApiKey = "k");

        Assert.Equal("Aki.Client", builder.Name);
        Assert.Equal(AkiServiceCollectionExtensions.HttpClientName, builder.Name);
        Assert.Equal("Aki.Client:support", keyed.Name);
    }

    [Fact]
    public void ClientIsASingleton()
    {
        var services = new ServiceCollection();
        services.AddAkiClient(o => o.ApiKey = "k");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<AkiClient>(), provider.GetRequiredService<AkiClient>());
    }

    [Fact]
    public void FactoryClientHasNoTimeoutOfItsOwn()
    {
        var services = new ServiceCollection();
        services.AddAkiClient(o => o.ApiKey = "k");
        services.AddKeyedAkiClient("support", o => o.ApiKey = "k");
        using ServiceProvider provider = services.BuildServiceProvider();
        IHttpClientFactory factory = provider.GetRequiredService<IHttpClientFactory>();

        using HttpClient main = factory.CreateClient("Aki.Client");
        using HttpClient support = factory.CreateClient("Aki.Client:support");

        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, main.Timeout);
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, support.Timeout);
    }

    [Fact]
    public async Task EveryCallTakesAFreshClientFromTheFactoryByName()
    {
        using var script = new ReplyScript(Ok(), Ok(), EventStream(TestStreams.Complete()));
        var services = new ServiceCollection();
        services.AddAkiClient(o => o.ApiKey = MockAki.ApiKey).ConfigurePrimaryHttpMessageHandler(() => script.Handler);
        services.AddSingleton<CountingHttpClientFactory>();
        services.AddSingleton<IHttpClientFactory>(provider => provider.GetRequiredService<CountingHttpClientFactory>());
        using ServiceProvider provider = services.BuildServiceProvider();
        AkiClient client = provider.GetRequiredService<AkiClient>();
        CountingHttpClientFactory factory = provider.GetRequiredService<CountingHttpClientFactory>();
        Assert.Empty(factory.Names);

        await client.Messages.CreateAsync(TestRequests.Hello());
        await client.Messages.CreateAsync(TestRequests.Hello());
        await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        Assert.Equal(["Aki.Client", "Aki.Client", "Aki.Client"], factory.Names);
        Assert.Equal(3, script.Requests.Count);
    }

    [Fact]
    public async Task HandlerAddedThroughTheReturnedBuilderSeesEveryRequest()
    {
        using var mock = new MockAki();
        var seen = new RequestCounter();
        var services = new ServiceCollection();
        services.AddAkiClient(o => o.ApiKey = MockAki.ApiKey)
            .ConfigurePrimaryHttpMessageHandler(() => mock.Handler)
            .AddHttpMessageHandler(() => new CountingHandler(seen));
        using ServiceProvider provider = services.BuildServiceProvider();
        AkiClient client = provider.GetRequiredService<AkiClient>();

        await client.Messages.CreateAsync(TestRequests.Hello());
        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal(2, seen.Count);
        Assert.All(seen.ApiKeys, key => Assert.Equal(MockAki.ApiKey, key));
        Assert.All(seen.Uris, uri => Assert.Equal("https://aki.io/anthropic/v1/messages", uri));
        Assert.Equal(2, mock.Requests.Count);
    }

    [Fact]
    public async Task ClientConfiguredThroughTheBuilderIsTheOneUsed()
    {
        using var mock = new MockAki();
        var services = new ServiceCollection();
        services.AddAkiClient(o => o.ApiKey = MockAki.ApiKey)
            .ConfigurePrimaryHttpMessageHandler(() => mock.Handler)
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add("x-from-the-builder", "yes"));
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("yes", mock.SingleRequest.Header("x-from-the-builder"));
        Assert.Equal(MockAki.ApiKey, mock.SingleRequest.Header("x-api-key"));
    }

    [Fact]
    public async Task ARetryableFailureIsRetriedThroughTheDiClientAsWithoutDi()
    {
        using var script = new ReplyScript(Status(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""), Ok("after a retry"));
        var seen = new RequestCounter();
        var services = new ServiceCollection();
        services.AddAkiClient(o => { o.ApiKey = MockAki.ApiKey; o.RetryBaseDelay = TimeSpan.Zero; })
            .ConfigurePrimaryHttpMessageHandler(() => script.Handler)
            .AddHttpMessageHandler(() => new CountingHandler(seen));
        using ServiceProvider provider = services.BuildServiceProvider();

        Message message = await provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("after a retry", message.Text);
        Assert.Equal(2, script.Count);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task ExhaustedRetriesThroughTheDiClientCarryTheAttempts()
    {
        using var script = new ReplyScript(Status(503, "", ("request-id", "req_di")));
        var services = new ServiceCollection();
        services.AddAkiClient(o => { o.ApiKey = MockAki.ApiKey; o.RetryBaseDelay = TimeSpan.Zero; o.MaxRetries = 1; })
            .ConfigurePrimaryHttpMessageHandler(() => script.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        AkiApiException e = await Assert.ThrowsAsync<AkiApiException>(() => provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(2, e.Attempts);
        Assert.Equal("req_di", e.RequestId);
    }

    [Fact]
    public async Task KeyedClientsResolveIndependentlyWithTheirOwnOptionsAndNamedClients()
    {
        using var supportMock = new MockAki();
        using var researchMock = new MockAki();
        var supportSeen = new RequestCounter();
        var researchSeen = new RequestCounter();
        var services = new ServiceCollection();
        services.AddKeyedAkiClient("support", o => { o.ApiKey = "sk-support"; o.MaxRetries = 0; o.Endpoint = new Uri("https://support.example.eu/anthropic"); })
            .ConfigurePrimaryHttpMessageHandler(() => supportMock.Handler)
            .AddHttpMessageHandler(() => new CountingHandler(supportSeen));
        services.AddKeyedAkiClient("research", ConfigurationBindingTests.Configuration(new Dictionary<string, string?>
            {
                ["Aki:Research:ApiKey"] = "sk-research",
                ["Aki:Research:MaxRetries"] = "4",
                ["Aki:Research:ModelValidation"] = "Strict",
            }).GetSection("Aki:Research"))
            .ConfigurePrimaryHttpMessageHandler(() => researchMock.Handler)
            .AddHttpMessageHandler(() => new CountingHandler(researchSeen));
        using ServiceProvider provider = services.BuildServiceProvider();

        AkiClient support = provider.GetRequiredKeyedService<AkiClient>("support");
        AkiClient research = provider.GetRequiredKeyedService<AkiClient>("research");
        await support.Messages.CreateAsync(TestRequests.Hello());
        await research.Messages.CreateAsync(TestRequests.Hello());
        await research.Messages.CreateAsync(TestRequests.Hello());

        Assert.NotSame(support, research);
        Assert.Same(support, provider.GetRequiredKeyedService<AkiClient>("support"));
        Assert.Null(provider.GetService<AkiClient>());
        Assert.Same(support.Options, provider.GetRequiredService<IOptionsMonitor<AkiClientOptions>>().Get("support"));
        Assert.Equal(0, support.Options.MaxRetries);
        Assert.Equal(4, research.Options.MaxRetries);
        Assert.Equal(ModelValidation.Warn, support.Options.ModelValidation);
        Assert.Equal(ModelValidation.Strict, research.Options.ModelValidation);
        Assert.Equal(["sk-support"], supportSeen.ApiKeys);
        Assert.Equal(["https://support.example.eu/anthropic/v1/messages"], supportSeen.Uris);
        Assert.Equal(["sk-research", "sk-research"], researchSeen.ApiKeys);
        Assert.Single(supportMock.Requests);
        Assert.Equal(2, researchMock.Requests.Count);
    }

    [Fact]
    public async Task DefaultAndKeyedClientsLiveSideBySide()
    {
        using var mock = new MockAki();
        var services = new ServiceCollection();
        services.AddAkiClient(o => o.ApiKey = "sk-default").ConfigurePrimaryHttpMessageHandler(() => mock.Handler);
        services.AddKeyedAkiClient("batch", o => o.ApiKey = "sk-batch").ConfigurePrimaryHttpMessageHandler(() => mock.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello());
        await provider.GetRequiredKeyedService<AkiClient>("batch").Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal(["sk-default", "sk-batch"], mock.Requests.Select(r => r.Header("x-api-key")));
    }

    [Fact]
    public async Task RetryWarningIsLoggedThroughTheHostsLoggerFactoryWithoutTheKey()
    {
        using var script = new ReplyScript(Status(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""), Ok());
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddAkiClient(o => { o.ApiKey = MockAki.ApiKey; o.RetryBaseDelay = TimeSpan.Zero; })
            .ConfigurePrimaryHttpMessageHandler(() => script.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello());

        IReadOnlyList<FakeLogRecord> records = provider.GetFakeLogCollector().GetSnapshot();
        FakeLogRecord warning = Assert.Single(records, r => r.Category == "Aki.Client" && r.Level == LogLevel.Warning);
        Assert.Contains("HTTP 529", warning.Message, StringComparison.Ordinal);

        // The factory's own request logging would carry x-api-key in its structured state; it is off for this client.
        Assert.DoesNotContain(records, r => r.Category?.StartsWith("System.Net.Http.HttpClient.Aki.Client", StringComparison.Ordinal) == true);
        AssertNoKey(records, MockAki.ApiKey);
    }

    [Fact]
    public async Task KeyEchoedByTheServerReachesNeitherTheLogsNorTheException()
    {
        const string key = "sk-aki-echoed-9a8b7c6d5e4f";
        using var script = new ReplyScript(Status(401, $$$"""{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: {{{key}}}"}}"""));
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddAkiClient(o => o.ApiKey = key).ConfigurePrimaryHttpMessageHandler(() => script.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        AkiAuthenticationException e = await Assert.ThrowsAsync<AkiAuthenticationException>(() => provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello()));

        Assert.DoesNotContain(key, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, e.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain(key, e.ServerMessage, StringComparison.Ordinal);
        AssertNoKey(provider.GetFakeLogCollector().GetSnapshot(), key);
    }

    [Fact]
    public async Task LoggerFactorySetInTheOptionsWinsOverTheHosts()
    {
        using var script = new ReplyScript(Status(500, ""), Ok());
        var own = new RecordingLoggerFactory();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFakeLogging());
        services.AddAkiClient(o => { o.ApiKey = MockAki.ApiKey; o.RetryBaseDelay = TimeSpan.Zero; o.LoggerFactory = own; })
            .ConfigurePrimaryHttpMessageHandler(() => script.Handler);
        using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<AkiClient>().Messages.CreateAsync(TestRequests.Hello());

        Assert.Contains("HTTP 500", Assert.Single(own.Warnings).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(provider.GetFakeLogCollector().GetSnapshot(), r => r.Category == "Aki.Client");
    }

    private static void AssertNoKey(IEnumerable<FakeLogRecord> records, string key)
    {
        foreach (FakeLogRecord record in records)
        {
            Assert.DoesNotContain(key, record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(key, record.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
            foreach (KeyValuePair<string, string?> pair in record.StructuredState ?? [])
            {
                Assert.DoesNotContain(key, pair.Value ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Stands in for the default factory, recording the names it is asked for.</summary>
    private sealed class CountingHttpClientFactory(IHttpMessageHandlerFactory handlers) : IHttpClientFactory
    {
        private readonly ConcurrentQueue<string> _names = new();

        public IReadOnlyList<string> Names => _names.ToList();

        public HttpClient CreateClient(string name)
        {
            _names.Enqueue(name);
            return new HttpClient(handlers.CreateHandler(name), disposeHandler: false);
        }
    }
}
