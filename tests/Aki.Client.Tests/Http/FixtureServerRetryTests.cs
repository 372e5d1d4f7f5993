using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Aki.Client.Testing;

namespace Aki.Client.Tests.Http;

/// <summary>The retry policy against the fixture server's fault scenarios, over a real loopback socket.</summary>
public sealed class FixtureServerRetryTests : IAsyncLifetime
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(10);
    private readonly RequestCounter _sent = new();
    private AkiFixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await AkiFixtureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RateLimitedIsRetriedAfterTheTwoSecondsTheServerAsksForThenThrownWithRetryAfter()
    {
        var time = new ObservedTimeProvider();
        using AkiClient client = CreateClient(AkiFixtureScenarios.RateLimited, maxRetries: 1, time);

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.Equal(1, _sent.Count);
        time.Advance(TimeSpan.FromTicks(1));

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => call.WaitAsync(s_guard));
        Assert.Equal(429, e.StatusCode);
        Assert.Equal(ApiErrorType.RateLimit, e.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(2), e.RetryAfter);
        Assert.Equal(2, e.Attempts);
        Assert.StartsWith("req_", e.RequestId, StringComparison.Ordinal);
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public async Task OverloadedWaitsOneSecondBeforeEachRetry()
    {
        var time = new ObservedTimeProvider();
        using AkiClient client = CreateClient(AkiFixtureScenarios.Overloaded, maxRetries: 2, time);

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1), count: 2);
        Assert.Equal(2, _sent.Count);
        time.Advance(TimeSpan.FromSeconds(1));

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => call.WaitAsync(s_guard));
        Assert.Equal(529, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), e.RetryAfter);
        Assert.Equal(3, e.Attempts);
        Assert.Equal(3, _sent.Count);
    }

    [Fact]
    public async Task RateLimitedStreamIsRetriedBeforeItStarts()
    {
        var time = new ObservedTimeProvider();
        using AkiClient client = CreateClient(AkiFixtureScenarios.RateLimited, maxRetries: 1, time);

        Task<Message> read = client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => read.WaitAsync(s_guard));
        Assert.Equal(2, e.Attempts);
        Assert.Null(e.PartialMessage);
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public async Task HtmlServerErrorIsRetriedThenThrownWithThePageTitle()
    {
        using AkiClient client = CreateClient(AkiFixtureScenarios.ServerErrorHtml, maxRetries: 2);

        AkiApiException e = await Assert.ThrowsAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(500, e.StatusCode);
        Assert.Null(e.ErrorType);
        Assert.Contains("500 Internal Server Error", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Attempts);
        Assert.Equal(3, _sent.Count);
    }

    [Fact]
    public async Task ConnectionDroppedInsideANonStreamingBodyIsRetriedThenThrownWithTheCause()
    {
        using AkiClient client = CreateClient(AkiFixtureScenarios.ConnectionDrop, maxRetries: 1);

        AkiException e = await Assert.ThrowsAsync<AkiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(2, e.Attempts);
        Assert.True(e.InnerException is IOException or HttpRequestException, e.ToString());
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public async Task ConnectionDroppedInsideAStreamIsNotReplayedAndKeepsThePartialMessage()
    {
        using AkiClient client = CreateClient(AkiFixtureScenarios.ConnectionDrop, maxRetries: 2);
        int events = 0;

        AkiStreamTruncatedException e = await Assert.ThrowsAsync<AkiStreamTruncatedException>(async () =>
        {
            await foreach (MessageStreamEvent _ in client.Messages.StreamAsync(TestRequests.Hello()))
            {
                events++;
            }
        });

        Assert.Equal(3, events);
        Assert.Equal("The answer starts", e.PartialMessage?.Text);
        Assert.StartsWith("req_", e.RequestId, StringComparison.Ordinal);
        Assert.Equal(1, _sent.Count);
    }

    [Fact]
    public async Task MidStreamErrorEventIsNotReplayedAndKeepsThePartialMessage()
    {
        using AkiClient client = CreateClient(AkiFixtureScenarios.MidStreamError, maxRetries: 2);
        MessageStream stream = client.Messages.StreamAsync(TestRequests.Hello());

        AkiApiException e = await Assert.ThrowsAnyAsync<AkiApiException>(() => stream.GetFinalMessageAsync());

        Assert.Equal(200, e.StatusCode);
        Assert.Equal("Partial", e.PartialMessage?.Text);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, _sent.Count);
    }

    private AkiClient CreateClient(string scenario, int maxRetries, TimeProvider? time = null)
    {
        var options = new AkiClientOptions
        {
            ApiKey = MockAki.ApiKey,
            Endpoint = _server.BaseAddress,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.Zero,
            TimeProvider = time ?? TimeProvider.System,
        };
        options.DefaultHeaders[AkiFixtureServer.ScenarioHeader] = scenario;
        var http = new HttpClient(new CountingHandler(_sent, new SocketsHttpHandler())) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        return new OwningClient(options, http);
    }

    /// <summary>An AkiClient that also disposes the test's HttpClient.</summary>
    private sealed class OwningClient : AkiClient
    {
        private readonly HttpClient _http;

        public OwningClient(AkiClientOptions options, HttpClient http)
            : base(options, http) => _http = http;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            _http.Dispose();
        }
    }
}
