using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Http;

/// <summary>Every base address form users paste ends up at the same <c>/v1/messages</c>.</summary>
public class EndpointTests
{
    [Theory]
    [InlineData("https://aki.io", "https://aki.io/anthropic/v1/messages")]
    [InlineData("https://aki.io/", "https://aki.io/anthropic/v1/messages")]
    [InlineData("https://aki.io/anthropic", "https://aki.io/anthropic/v1/messages")]
    [InlineData("https://aki.io/anthropic/", "https://aki.io/anthropic/v1/messages")]
    [InlineData("https://aki.io/anthropic/v1", "https://aki.io/anthropic/v1/messages")]
    [InlineData("https://aki.io/anthropic/v1/", "https://aki.io/anthropic/v1/messages")]
    [InlineData("https://AKI.IO/anthropic/V1/", "https://aki.io/anthropic/v1/messages")]
    [InlineData("https://aki.io/v1", "https://aki.io/anthropic/v1/messages")]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/v1/messages")]
    [InlineData("http://127.0.0.1:5123/", "http://127.0.0.1:5123/v1/messages")]
    [InlineData("http://localhost:8080/anthropic/v1/", "http://localhost:8080/anthropic/v1/messages")]
    [InlineData("http://[::1]:9000/proxy", "http://[::1]:9000/proxy/v1/messages")]
    [InlineData("https://llm.example.eu/gateway/anthropic", "https://llm.example.eu/gateway/anthropic/v1/messages")]
    public async Task CreateAsyncPostsToV1MessagesUnderTheNormalisedEndpoint(string endpoint, string expectedUrl)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.Endpoint = new Uri(endpoint));

        await client.Messages.CreateAsync(TestRequests.Hello());

        CapturedRequest request = mock.SingleRequest;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(expectedUrl, request.Uri.AbsoluteUri, ignoreCase: true);
    }

    [Fact]
    public async Task DefaultEndpointIsAkiAnthropicApi()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("https://aki.io/anthropic/v1/messages", mock.SingleRequest.Uri.AbsoluteUri);
        Assert.Equal(new Uri("https://aki.io/anthropic/"), client.BaseAddress);
    }

    [Fact]
    public void QueryAndFragmentOfAPastedEndpointAreDropped()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.Endpoint = new Uri("https://aki.io/anthropic/v1?beta=true#top"));

        Assert.Equal(new Uri("https://aki.io/anthropic/"), client.BaseAddress);
    }

    [Theory]
    [InlineData("http://aki.io/anthropic")]
    [InlineData("http://192.168.1.20:8000")]
    [InlineData("http://localhost.attacker.example")]
    [InlineData("http://10.0.0.1/anthropic")]
    public void PlainHttpToANonLoopbackHostIsRefusedBecauseTheKeyWouldTravelUnencrypted(string endpoint)
    {
        using var mock = new MockAki();

        ArgumentException e = Assert.Throws<ArgumentException>(() => mock.CreateClient(o => o.Endpoint = new Uri(endpoint)));

        Assert.Contains("plain http", e.Message, StringComparison.Ordinal);
        Assert.Contains("unencrypted", e.Message, StringComparison.Ordinal);
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
        Assert.Empty(mock.Requests);
    }

    [Theory]
    [InlineData("http://localhost:5000")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://127.0.0.2:5000")]
    [InlineData("http://[::1]:5000")]
    public void PlainHttpToLoopbackIsAllowedForLocalFixtureServers(string endpoint)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.Endpoint = new Uri(endpoint));

        Assert.Equal("http", client.BaseAddress!.Scheme);
    }

    [Theory]
    [InlineData("ftp://aki.io/anthropic")]
    [InlineData("ws://localhost:5000")]
    public void NonHttpSchemesAreRefused(string endpoint)
    {
        using var mock = new MockAki();

        ArgumentException e = Assert.Throws<ArgumentException>(() => mock.CreateClient(o => o.Endpoint = new Uri(endpoint)));

        Assert.Contains("https", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeEndpointIsRefused()
    {
        using var mock = new MockAki();

        ArgumentException e = Assert.Throws<ArgumentException>(() => mock.CreateClient(o => o.Endpoint = new Uri("/anthropic", UriKind.Relative)));

        Assert.Contains("absolute", e.Message, StringComparison.Ordinal);
    }
}
