using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Http;

/// <summary>The headers on the wire: the key per request, never Authorization, never in the caller's client.</summary>
public class RequestFactoryTests
{
    [Fact]
    public async Task ApiKeyIsSentInXApiKeyHeader()
    {
        CapturedRequest request = await SendAsync();

        Assert.Equal(MockAki.ApiKey, request.Header("x-api-key"));
    }

    [Fact]
    public async Task NoAuthorizationHeaderIsSent()
    {
        CapturedRequest request = await SendAsync();

        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task AnthropicVersionDefaultsTo20230601()
    {
        CapturedRequest request = await SendAsync();

        Assert.Equal("2023-06-01", request.Header("anthropic-version"));
    }

    [Fact]
    public async Task CustomAnthropicVersionIsSent()
    {
        CapturedRequest request = await SendAsync(o => o.AnthropicVersion = "2024-10-22");

        Assert.Equal("2024-10-22", request.Header("anthropic-version"));
    }

    [Fact]
    public async Task BodyIsSentAsApplicationJson()
    {
        CapturedRequest request = await SendAsync();

        Assert.Equal("application/json", request.ContentType);
    }

    [Fact]
    public async Task CreateAsyncAcceptsJson()
    {
        CapturedRequest request = await SendAsync();

        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Fact]
    public async Task UserAgentNamesTheSdkAndEndsWithTheSuffix()
    {
        CapturedRequest request = await SendAsync(o => o.UserAgentSuffix = " travel-bot/2.1 ");

        string userAgent = request.Header("User-Agent")!;
        Assert.StartsWith("Aki.Client/", userAgent, StringComparison.Ordinal);
        Assert.EndsWith(" travel-bot/2.1", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAgentWithoutSuffixNamesOnlyTheSdk()
    {
        CapturedRequest request = await SendAsync();

        string userAgent = request.Header("User-Agent")!;
        Assert.StartsWith("Aki.Client/", userAgent, StringComparison.Ordinal);
        Assert.EndsWith(")", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultHeadersAreAddedToEveryRequest()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.DefaultHeaders = new Dictionary<string, string>
        {
            ["x-tenant"] = "acme",
            ["anthropic-beta"] = "tools-2024-04-04",
        });

        await client.Messages.CreateAsync(TestRequests.Hello());
        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.All(mock.Requests, r =>
        {
            Assert.Equal("acme", r.Header("x-tenant"));
            Assert.Equal("tools-2024-04-04", r.Header("anthropic-beta"));
        });
    }

    [Fact]
    public async Task DefaultHeadersCannotReplaceTheKeyVersionOrUserAgent()
    {
        CapturedRequest request = await SendAsync(o => o.DefaultHeaders = new Dictionary<string, string>
        {
            ["X-Api-Key"] = "someone-elses-key",
            ["Authorization"] = "Bearer someone-elses-key",
            ["anthropic-version"] = "1999-01-01",
            ["User-Agent"] = "curl/8.0",
        });

        Assert.Equal(MockAki.ApiKey, request.Header("x-api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("2023-06-01", request.Header("anthropic-version"));
        Assert.StartsWith("Aki.Client/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.DoesNotContain("someone-elses-key", string.Join("\n", request.Headers.SelectMany(h => h.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerHttpClientDefaultRequestHeadersAreLeftUntouched()
    {
        using var mock = new MockAki();
        using HttpClient httpClient = mock.Handler.ToHttpClient();
        httpClient.DefaultRequestHeaders.Add("x-caller", "kept");
        using var client = new AkiClient(MockAki.CreateOptions(o => o.AnthropicVersion = "2023-06-01"), httpClient);

        await client.Messages.CreateAsync(TestRequests.Hello());
        await client.Messages.CreateAsync(TestRequests.Hello());

        KeyValuePair<string, IEnumerable<string>> only = Assert.Single(httpClient.DefaultRequestHeaders);
        Assert.Equal("x-caller", only.Key);
        Assert.All(mock.Requests, r =>
        {
            Assert.Equal("kept", r.Header("x-caller"));
            Assert.Equal(MockAki.ApiKey, r.Header("x-api-key"));
        });
    }

    [Fact]
    public async Task TwoClientsSharingOneHttpClientEachSendTheirOwnKey()
    {
        using var mock = new MockAki();
        using HttpClient httpClient = mock.Handler.ToHttpClient();
        using var first = new AkiClient(MockAki.CreateOptions(o => o.ApiKey = "sk-first"), httpClient);
        using var second = new AkiClient(MockAki.CreateOptions(o => o.ApiKey = "sk-second"), httpClient);

        await first.Messages.CreateAsync(TestRequests.Hello());
        await second.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal(["sk-first", "sk-second"], mock.Requests.Select(r => r.Header("x-api-key")));
    }

    [Fact]
    public async Task DisposingTheClientLeavesTheCallerHttpClientUsable()
    {
        using var mock = new MockAki();
        using HttpClient httpClient = mock.Handler.ToHttpClient();
        var client = new AkiClient(MockAki.CreateOptions(), httpClient);
        client.Dispose();

        using HttpResponseMessage response = await httpClient.GetAsync(new Uri("https://aki.io/anthropic/v1/models"));

        Assert.True(response.IsSuccessStatusCode);
    }

    private static async Task<CapturedRequest> SendAsync(Action<AkiClientOptions>? configure = null)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(configure);
        await client.Messages.CreateAsync(TestRequests.Hello());
        return mock.SingleRequest;
    }
}
