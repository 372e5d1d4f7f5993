using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Http;

/// <summary>Which failures the SDK retries, how often, and what the exception says once it gives up.</summary>
public class RetryTests
{
    private const string Overloaded = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";
    private const string ApiError = """{"type":"error","error":{"type":"api_error","message":"Internal server error"}}""";

    public static TheoryData<int> RetryableStatuses => new() { 408, 409, 429, 500, 502, 503, 504, 529 };

    public static TheoryData<int> NonRetryableStatuses => new() { 400, 401, 403, 404, 413, 422 };

    [Theory]
    [MemberData(nameof(RetryableStatuses))]
    public async Task RetryableStatusIsRetriedAndTheNextAttemptAnswers(int status)
    {
        using var script = new ReplyScript(Status(status, ApiError), Ok("second time lucky"));
        using AkiClient client = CreateClient(script, maxRetries: 2);

        Message message = await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("second time lucky", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Theory]
    [MemberData(nameof(RetryableStatuses))]
    public async Task RetryableStatusThatPersistsIsTriedMaxRetriesPlusOneTimesThenThrown(int status)
    {
        using var script = new ReplyScript(Status(status, ApiError));
        using AkiClient client = CreateClient(script, maxRetries: 3);

        AkiApiException e = await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(4, e.Attempts);
        Assert.Equal(4, script.Count);
    }

    [Theory]
    [MemberData(nameof(NonRetryableStatuses))]
    public async Task NonRetryableStatusMakesExactlyOneAttempt(int status)
    {
        using var script = new ReplyScript(Status(status, """{"type":"error","error":{"type":"invalid_request_error","message":"no"}}"""), Ok());
        using AkiClient client = CreateClient(script, maxRetries: 2);

        AkiApiException e = await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, script.Count);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("FALSE")]
    public async Task ShouldRetryFalseStopsRetryingA503(string value)
    {
        using var script = new ReplyScript(Status(503, ApiError, ("x-should-retry", value)), Ok());
        using AkiClient client = CreateClient(script, maxRetries: 2);

        AkiApiException e = await Assert.ThrowsAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(503, e.StatusCode);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task ShouldRetryTrueRetriesA400ThatWouldNotBeRetried()
    {
        using var script = new ReplyScript(Status(400, ApiError, ("x-should-retry", "true")), Ok("retried"));
        using AkiClient client = CreateClient(script, maxRetries: 2);

        Message message = await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("retried", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task ShouldRetryTrueOnEveryAttemptStillStopsAfterMaxRetries()
    {
        using var script = new ReplyScript(Status(400, ApiError, ("x-should-retry", "true")));
        using AkiClient client = CreateClient(script, maxRetries: 2);

        AkiBadRequestException e = await Assert.ThrowsAsync<AkiBadRequestException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(3, e.Attempts);
        Assert.Equal(3, script.Count);
    }

    [Fact]
    public async Task ConnectionFailureIsRetriedAndTheNextAttemptAnswers()
    {
        using var script = new ReplyScript(ConnectionFailure(), Ok("reconnected"));
        using AkiClient client = CreateClient(script, maxRetries: 2);

        Message message = await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("reconnected", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task ConnectionFailureThatPersistsThrowsAkiExceptionWithTheAttemptsAndTheCause()
    {
        using var script = new ReplyScript(ConnectionFailure("Connection refused (aki.io:443)"));
        using AkiClient client = CreateClient(script, maxRetries: 2);

        AkiException e = await Assert.ThrowsAsync<AkiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(3, e.Attempts);
        Assert.Equal(3, script.Count);
        HttpRequestException cause = Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Contains("Connection refused", cause.Message, StringComparison.Ordinal);
        Assert.Contains("aki.io", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxRetriesZeroMakesOneAttemptForARetryableStatus()
    {
        using var script = new ReplyScript(Status(529, Overloaded), Ok());
        using AkiClient client = CreateClient(script, maxRetries: 0);

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task MaxRetriesZeroMakesOneAttemptForAConnectionFailure()
    {
        using var script = new ReplyScript(ConnectionFailure(), Ok());
        using AkiClient client = CreateClient(script, maxRetries: 0);

        AkiException e = await Assert.ThrowsAsync<AkiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(1, e.Attempts);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task FinalExceptionCarriesTheLastResponsesRequestId()
    {
        using var script = new ReplyScript(
            Status(500, ApiError, ("request-id", "req_first")),
            Status(502, ApiError, ("request-id", "req_second")),
            Status(503, ApiError, ("request-id", "req_third")));
        using AkiClient client = CreateClient(script, maxRetries: 2);

        AkiApiException e = await Assert.ThrowsAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal(503, e.StatusCode);
        Assert.Equal("req_third", e.RequestId);
        Assert.Contains("req_third", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Attempts);
    }

    [Fact]
    public async Task RetryEndingInANonRetryableErrorThrowsThatErrorWithAllAttemptsCounted()
    {
        using var script = new ReplyScript(
            Status(529, Overloaded, ("request-id", "req_busy")),
            Status(400, """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too large"}}""", ("request-id", "req_rejected")),
            Ok());
        using AkiClient client = CreateClient(script, maxRetries: 2);

        AkiBadRequestException e = await Assert.ThrowsAsync<AkiBadRequestException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Equal("req_rejected", e.RequestId);
        Assert.Equal("max_tokens: too large", e.ServerMessage);
        Assert.Equal(2, e.Attempts);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task EveryAttemptIsAFreshRequestWithTheKeyAndTheSameBody()
    {
        using var script = new ReplyScript(Status(529, Overloaded), ConnectionFailure(), Ok());
        using AkiClient client = CreateClient(script, maxRetries: 2);

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal(3, script.Requests.Count);
        Assert.All(script.Requests, r =>
        {
            Assert.Equal(MockAki.ApiKey, r.Header("x-api-key"));
            Assert.Equal(HttpMethod.Post, r.Method);
        });
        Assert.Single(script.Requests.Select(r => r.Body).Distinct());
        Assert.Contains("\"max_tokens\":256", script.Requests[2].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuccessfulFirstAttemptIsNotRepeated()
    {
        using var script = new ReplyScript(Ok());
        using AkiClient client = CreateClient(script, maxRetries: 2);

        await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal(1, script.Count);
    }

    private static AkiClient CreateClient(ReplyScript script, int maxRetries) =>
        script.CreateClient(o =>
        {
            o.MaxRetries = maxRetries;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
}
