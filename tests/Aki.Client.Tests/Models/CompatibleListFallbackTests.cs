using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

public class CompatibleListFallbackTests
{
    private const string NotFound = """{"detail":"Not Found"}""";

    [Fact]
    public async Task A404UnderAnthropicAsksTheOpenAiCompatibleListWithABearerKey()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest anthropic = mock.When(HttpMethod.Get, AnthropicList).Respond(HttpStatusCode.NotFound, "application/json", NotFound);
        MockedRequest compatible = mock.When(HttpMethod.Get, CompatibleList)
            .With(request => request.Headers.Authorization?.Scheme == "Bearer" && request.Headers.Authorization.Parameter == ApiKey)
            .With(request => !request.Headers.Contains("x-api-key") && !request.Headers.Contains("anthropic-version"))
            .Respond("application/json", CompatibleListOf(("gemma4-26b", 0), ("minimax-m2.5-230b", 196_608)));
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Equal(["gemma4-26b", "minimax-m2.5-230b"], models.Select(model => model.Id));
        Assert.Equal((262_144, ModelLimitSource.DocumentedTable), (models[0].ContextTokens, models[0].ContextTokensSource));
        Assert.Equal((196_608, ModelLimitSource.Server), (models[1].ContextTokens, models[1].ContextTokensSource));
        Assert.Equal(1, mock.GetMatchCount(anthropic));
        Assert.Equal(1, mock.GetMatchCount(compatible));
    }

    [Fact]
    public async Task AfterTheFallbackWorkedTheNextRefreshGoesStraightToIt()
    {
        var time = new FakeTimeProvider();
        var mock = new MockHttpMessageHandler();
        MockedRequest anthropic = mock.When(HttpMethod.Get, AnthropicList).Respond(HttpStatusCode.NotFound, "application/json", NotFound);
        MockedRequest compatible = mock.When(HttpMethod.Get, CompatibleList).Respond("application/json", CompatibleListOf(("gemma4-26b", 0)));
        using AkiClient client = CreateClient(mock, time);

        await client.Models.ListAsync();
        time.Advance(client.Options.ModelCatalogLifetime);
        await client.Models.ListAsync();

        Assert.Equal(1, mock.GetMatchCount(anthropic));
        Assert.Equal(2, mock.GetMatchCount(compatible));
    }

    [Fact]
    public async Task WhenBothListsAre404TheConfiguredAddressIsReported()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond(HttpStatusCode.NotFound, "application/json", """{"detail":"anthropic path"}""");
        mock.When(HttpMethod.Get, CompatibleList).Respond(HttpStatusCode.NotFound, "application/json", """{"detail":"compatible path"}""");
        using AkiClient client = CreateClient(mock);

        var error = await Assert.ThrowsAsync<AkiNotFoundException>(() => client.Models.ListAsync());

        Assert.Equal("anthropic path", error.ServerMessage);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task OnlyA404TriesTheOtherList(HttpStatusCode status)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond(status, "application/json", """{"type":"error","error":{"type":"api_error","message":"no"}}""");
        MockedRequest compatible = mock.When(HttpMethod.Get, CompatibleList).Respond("application/json", CompatibleListOf(("gemma4-26b", 0)));
        using AkiClient client = CreateClient(mock);

        var error = await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Models.ListAsync());

        Assert.Equal((int)status, error.StatusCode);
        Assert.Equal(0, mock.GetMatchCount(compatible));
    }

    [Fact]
    public async Task AnEndpointNotUnderAnthropicHasNoSiblingToTry()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, "https://llm.example.com/v1/models").Respond(HttpStatusCode.NotFound, "application/json", NotFound);
        MockedRequest elsewhere = mock.When("*").Respond("application/json", CompatibleListOf(("gemma4-26b", 0)));
        using AkiClient client = CreateClient(mock, configure: options => options.Endpoint = new Uri("https://llm.example.com/"));

        await Assert.ThrowsAsync<AkiNotFoundException>(() => client.Models.ListAsync());

        Assert.Equal(1, mock.GetMatchCount(list));
        Assert.Equal(0, mock.GetMatchCount(elsewhere));
    }

    [Fact]
    public async Task ALoopbackEndpointFallsBackOnTheSameHostAndPort()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, "http://127.0.0.1:8080/anthropic/v1/models").Respond(HttpStatusCode.NotFound, "application/json", NotFound);
        MockedRequest compatible = mock.When(HttpMethod.Get, "http://127.0.0.1:8080/v1/models")
            .WithHeaders("Authorization", "Bearer " + ApiKey)
            .Respond("application/json", CompatibleListOf(("gemma4-26b", 4096)));
        using AkiClient client = CreateClient(mock, configure: options => options.Endpoint = new Uri("http://127.0.0.1:8080/anthropic"));

        ModelInfo model = Assert.Single(await client.Models.ListAsync());

        Assert.Equal(4096, model.ContextTokens);
        Assert.Equal(1, mock.GetMatchCount(compatible));
    }

    [Theory]
    [InlineData("https://aki.io/anthropic/", "https://aki.io/v1/models")]
    [InlineData("https://AKI.io/Anthropic/", "https://aki.io/v1/models")]
    [InlineData("https://eu.aki.io/gateway/anthropic/", "https://eu.aki.io/gateway/v1/models")]
    [InlineData("https://aki.io:8443/anthropic/", "https://aki.io:8443/v1/models")]
    [InlineData("http://localhost:5000/anthropic/", "http://localhost:5000/v1/models")]
    [InlineData("http://[::1]:5000/anthropic/", "http://[::1]:5000/v1/models")]
    [InlineData("https://aki.io/", null)]
    [InlineData("https://llm.example.com/openai/", null)]
    [InlineData("http://aki.io/anthropic/", null)]
    public void TheCompatibleListIsTheSiblingOfAnthropicOnTheSameServerOverHttpsOrLoopback(string baseAddress, string? expected)
    {
        Uri? address = ModelListFetcher.CompatibleListAddress(new Uri(baseAddress));

        Assert.Equal(expected, address?.AbsoluteUri);
    }
}
