using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

public class ModelCatalogCacheTests
{
    // A safety net so a broken single-flight fails the test instead of hanging the run; no test waits on it.
    private static readonly TimeSpan s_safety = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheListIsReusedForItsLifetimeAndReadAgainAfter()
    {
        var time = new FakeTimeProvider();
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", CompatibleListOf(("gemma4-26b", 0)));
        using AkiClient client = CreateClient(mock, time, configure: options => options.ModelCatalogLifetime = TimeSpan.FromMinutes(10));

        IReadOnlyList<ModelInfo> first = await client.Models.ListAsync();
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        IReadOnlyList<ModelInfo> second = await client.Models.ListAsync();
        await client.Models.GetAsync("gemma4-26b");
        Assert.Equal(1, mock.GetMatchCount(list));
        Assert.Same(first, second);

        time.Advance(TimeSpan.FromTicks(1));
        await client.Models.ListAsync();
        Assert.Equal(2, mock.GetMatchCount(list));
    }

    [Fact]
    public async Task AZeroLifetimeReadsTheListEveryTime()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", CompatibleListOf(("gemma4-26b", 0)));
        using AkiClient client = CreateClient(mock, configure: options => options.ModelCatalogLifetime = TimeSpan.Zero);

        await client.Models.ListAsync();
        await client.Models.ListAsync();

        Assert.Equal(2, mock.GetMatchCount(list));
    }

    [Fact]
    public async Task ConcurrentFirstCallersShareOneRequest()
    {
        var release = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList);
        list.Respond(() => release.Task);
        using AkiClient client = CreateClient(mock);

        Task<IReadOnlyList<ModelInfo>> first = client.Models.ListAsync();
        Task<IReadOnlyList<ModelInfo>> second = client.Models.ListAsync();
        Task<ModelInfo?> third = client.Models.GetAsync("qwen3.6-35b");
        Assert.False(first.IsCompleted || second.IsCompleted || third.IsCompleted);

        release.SetResult(Json(CompatibleListOf(("qwen3.6-35b", 131_072))));
        IReadOnlyList<ModelInfo> a = await first.WaitAsync(s_safety);
        IReadOnlyList<ModelInfo> b = await second.WaitAsync(s_safety);
        ModelInfo? c = await third.WaitAsync(s_safety);

        Assert.Same(a, b);
        Assert.Equal(131_072, c?.ContextTokens);
        Assert.Equal(1, mock.GetMatchCount(list));
    }

    [Fact]
    public async Task ACallerThatGivesUpDoesNotCancelTheSharedRequest()
    {
        var release = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList);
        list.Respond(() => release.Task);
        using AkiClient client = CreateClient(mock);
        using var impatient = new CancellationTokenSource();

        Task<IReadOnlyList<ModelInfo>> cancelled = client.Models.ListAsync(impatient.Token);
        Task<IReadOnlyList<ModelInfo>> patient = client.Models.ListAsync();
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(s_safety));
        release.SetResult(Json(CompatibleListOf(("gemma4-26b", 0))));
        Assert.Single(await patient.WaitAsync(s_safety));
        Assert.Equal(1, mock.GetMatchCount(list));
    }

    [Fact]
    public async Task WhenTheListAnswers500GetAsyncUsesTheTableAndLogsOnce()
    {
        var time = new FakeTimeProvider();
        var logs = new CollectingLoggerFactory();
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList)
            .Respond(HttpStatusCode.InternalServerError, "application/json", """{"type":"error","error":{"type":"api_error","message":"catalogue down"}}""");
        using AkiClient client = CreateClient(mock, time, logs);

        ModelInfo? gemma = await client.Models.GetAsync("gemma4-26b");
        ModelInfo? again = await client.Models.GetAsync("qwen3.6-35b");
        Assert.Equal(1, mock.GetMatchCount(list));

        time.Advance(ModelCatalog.MaxFailureBackoff);
        int? limit = await client.Models.GetContextLimitAsync("minimax-m2.5-230b");

        Assert.Equal((262_144, ModelLimitSource.DocumentedTable), (gemma?.ContextTokens, gemma?.ContextTokensSource));
        Assert.Equal(262_144, again?.ContextTokens);
        Assert.Equal(204_800, limit);
        Assert.Equal(2, mock.GetMatchCount(list));
        string warning = Assert.Single(logs.Warnings);
        Assert.Contains("catalogue down", warning, StringComparison.Ordinal);
        Assert.Contains("documented model table", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHungListIsCutOffByTheTimeoutAndTheTableServesWithOneLogEntry()
    {
        var time = new FakeTimeProvider();
        var logs = new CollectingLoggerFactory();
        var server = new HangingHandler();
        using AkiClient client = CreateClient(server, time, logs);

        Task<ModelInfo?> pending = client.Models.GetAsync("llama3-chat-70b");
        Assert.False(pending.IsCompleted);
        time.Advance(ModelCatalog.MaxFetchTimeout);
        ModelInfo? model = await pending.WaitAsync(s_safety);

        Assert.Equal((131_072, ModelLimitSource.DocumentedTable), (model?.ContextTokens, model?.ContextTokensSource));
        Assert.Equal(1, server.Requests);
        Assert.Contains("did not complete within", Assert.Single(logs.Warnings), StringComparison.Ordinal);
        Assert.IsType<AkiTimeoutException>(Assert.Single(logs.Entries).Exception);
    }

    [Fact]
    public async Task AHungListSurfacesAsATimeoutToADirectCaller()
    {
        var time = new FakeTimeProvider();
        using AkiClient client = CreateClient(new HangingHandler(), time, configure: options => options.Timeout = TimeSpan.FromSeconds(5));

        Task<IReadOnlyList<ModelInfo>> pending = client.Models.ListAsync();
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<AkiTimeoutException>(() => pending.WaitAsync(s_safety));
        Assert.Equal(TimeSpan.FromSeconds(5), error.Timeout);
    }

    [Fact]
    public async Task BadJsonFallsBackToTheTableForGetAsyncButThrowsForListAsync()
    {
        var logs = new CollectingLoggerFactory();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("text/html", "<html><title>Gateway</title><body>oops</body></html>");
        using AkiClient client = CreateClient(mock, logs: logs);

        ModelInfo? model = await client.Models.GetAsync("gpt-oss-120b");
        await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => client.Models.ListAsync());

        Assert.Equal(ModelLimitSource.DocumentedTable, model?.ContextTokensSource);
        Assert.Single(logs.Warnings);
    }

    [Fact]
    public async Task AfterAFailedRefreshTheLastGoodListKeepsServing()
    {
        var time = new FakeTimeProvider();
        var logs = new CollectingLoggerFactory();
        bool down = false;
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond(_ => down
            ? Json("""{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""", (HttpStatusCode)529)
            : Json(CompatibleListOf(("deepseek-v3", 65_536))));
        using AkiClient client = CreateClient(mock, time, logs);

        await client.Models.ListAsync();
        down = true;
        time.Advance(client.Options.ModelCatalogLifetime);
        ModelInfo? stale = await client.Models.GetAsync("deepseek-v3");

        Assert.Equal(65_536, stale?.ContextTokens);
        Assert.Contains("the last list loaded", Assert.Single(logs.Warnings), StringComparison.Ordinal);
        await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Models.ListAsync());
    }

    [Fact]
    public async Task AnOutageIsLoggedAgainOnlyAfterTheListRecovered()
    {
        var time = new FakeTimeProvider();
        var logs = new CollectingLoggerFactory();
        bool down = true;
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond(_ => down
            ? new HttpResponseMessage(HttpStatusCode.BadGateway)
            : Json(CompatibleListOf(("gemma4-26b", 0))));
        using AkiClient client = CreateClient(mock, time, logs, options => options.ModelCatalogLifetime = TimeSpan.FromMinutes(5));

        await client.Models.GetAsync("gemma4-26b");
        time.Advance(ModelCatalog.MaxFailureBackoff);
        await client.Models.GetAsync("gemma4-26b");
        Assert.Single(logs.Warnings);

        down = false;
        time.Advance(ModelCatalog.MaxFailureBackoff);
        await client.Models.GetAsync("gemma4-26b");
        down = true;
        time.Advance(TimeSpan.FromMinutes(5));
        await client.Models.GetAsync("gemma4-26b");

        Assert.Equal(2, logs.Warnings.Count);
    }

    [Fact]
    public void TheLifetimeDefaultsToAnHourAndRefusesNegativeValues()
    {
        var options = new AkiClientOptions();

        Assert.Equal(TimeSpan.FromHours(1), options.ModelCatalogLifetime);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ModelCatalogLifetime = TimeSpan.FromSeconds(-1));
        options.ModelCatalogLifetime = TimeSpan.MaxValue;
        Assert.Equal(TimeSpan.MaxValue, options.ModelCatalogLifetime);
    }

    [Fact]
    public void TheLifetimeIsFrozenWithTheOtherOptions()
    {
        var options = new AkiClientOptions { ApiKey = ApiKey };
        using var client = new AkiClient(options);

        Assert.Throws<InvalidOperationException>(() => options.ModelCatalogLifetime = TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task AnInfiniteLifetimeNeverRefreshes()
    {
        var time = new FakeTimeProvider();
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", CompatibleListOf(("gemma4-26b", 0)));
        using AkiClient client = CreateClient(mock, time, configure: options => options.ModelCatalogLifetime = TimeSpan.MaxValue);

        await client.Models.ListAsync();
        time.Advance(TimeSpan.FromDays(3650));
        await client.Models.ListAsync();

        Assert.Equal(1, mock.GetMatchCount(list));
    }
}
