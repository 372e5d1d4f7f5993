using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Tests.Errors;

/// <summary>Error statuses and bodies become the right exception, with everything a caller needs to act.</summary>
public class ApiErrorTests
{
    public static TheoryData<int, string, Type> AnthropicErrors() => new()
    {
        { 400, "invalid_request_error", typeof(AkiBadRequestException) },
        { 401, "authentication_error", typeof(AkiAuthenticationException) },
        { 403, "permission_error", typeof(AkiAuthenticationException) },
        { 404, "not_found_error", typeof(AkiNotFoundException) },
        { 413, "request_too_large", typeof(AkiBadRequestException) },
        { 429, "rate_limit_error", typeof(AkiRateLimitException) },
        { 500, "api_error", typeof(AkiApiException) },
        { 529, "overloaded_error", typeof(AkiRateLimitException) },
    };

    [Theory]
    [MemberData(nameof(AnthropicErrors))]
    public async Task AnthropicErrorBodyBecomesTheMatchingExceptionWithAllDetails(int status, string errorType, Type expectedType)
    {
        string body = $$"""{"type":"error","error":{"type":"{{errorType}}","message":"Details for {{status}}."},"request_id":"req_body_1"}""";

        AkiApiException e = await SendExpectingErrorAsync(status, body, ("request-id", "req_011CV2oMECq8XQSX9u5puh92"));

        Assert.IsType(expectedType, e);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(new ApiErrorType(errorType), e.ErrorType);
        Assert.Equal($"Details for {status}.", e.ServerMessage);
        Assert.Equal("req_011CV2oMECq8XQSX9u5puh92", e.RequestId);
        Assert.Equal(body, e.RawBody);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains(errorType, e.Message, StringComparison.Ordinal);
        Assert.Contains($"Details for {status}.", e.Message, StringComparison.Ordinal);
        Assert.Contains("req_011CV2oMECq8XQSX9u5puh92", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticationErrorTellsWhereTheKeyComesFrom()
    {
        AkiApiException e = await SendExpectingErrorAsync(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""");

        Assert.Contains("AKI_API_KEY", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"detail":"Not Found"}""")]
    [InlineData("<html><head><title>404 Not Found</title></head><body>nginx</body></html>")]
    [InlineData("")]
    [InlineData("""{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","code":404}}""")]
    public async Task ANotFoundFromAWebServerTellsToCheckTheEndpoint(string body)
    {
        AkiApiException e = await SendExpectingErrorAsync(404, body);

        Assert.IsType<AkiNotFoundException>(e);
        Assert.Contains("Check AkiClientOptions.Endpoint (or the AKI_BASE_URL environment variable)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"error","error":{"type":"not_found_error","message":"model: claude-3-5-sonnet-20241022"},"request_id":"req_1"}""")]
    [InlineData("""{"type":"error","error":{"type":"not_found_error","message":"No fixture matched POST /v1/messages."},"request_id":"req_1"}""")]
    public async Task ANotFoundInTheMessagesApisOwnShapeDoesNotBlameTheEndpoint(string body)
    {
        AkiApiException e = await SendExpectingErrorAsync(404, body);

        Assert.IsType<AkiNotFoundException>(e);
        Assert.DoesNotContain("Endpoint", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.ServerMessage!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerMessageEndingInAFullStopGetsNoSecond()
    {
        AkiApiException e = await SendExpectingErrorAsync(429, """{"type":"error","error":{"type":"rate_limit_error","message":"Retry after 2 seconds."}}""");

        Assert.Contains("Retry after 2 seconds. Wait and try again.", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownErrorTypeIsKeptAsIs()
    {
        AkiApiException e = await SendExpectingErrorAsync(500, """{"type":"error","error":{"type":"internal_error","message":"CUDA out of memory"}}""");

        Assert.IsType<AkiApiException>(e);
        Assert.Equal("internal_error", e.ErrorType!.Value.Value);
        Assert.Equal("CUDA out of memory", e.ServerMessage);
    }

    [Fact]
    public async Task OverloadedTypeOnAnotherStatusIsStillARateLimitError()
    {
        AkiApiException e = await SendExpectingErrorAsync(503, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");

        Assert.IsType<AkiRateLimitException>(e);
        Assert.Equal(503, e.StatusCode);
    }

    [Fact]
    public async Task RetryAfterMillisecondsHeaderIsRead()
    {
        AkiApiException e = await SendExpectingErrorAsync(429, RateLimited, ("retry-after-ms", "1500"), ("retry-after", "9"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), e.RetryAfter);
    }

    [Fact]
    public async Task RetryAfterSecondsHeaderIsRead()
    {
        AkiApiException e = await SendExpectingErrorAsync(429, RateLimited, ("Retry-After", "7"));

        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    [Fact]
    public async Task RetryAfterHttpDateIsMeasuredFromTheClientClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        AkiApiException e = await SendExpectingErrorAsync(529, RateLimited, o => o.TimeProvider = time, ("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"));

        Assert.Equal(TimeSpan.FromSeconds(30), e.RetryAfter);
    }

    [Fact]
    public async Task RetryAfterHttpDateInThePastMeansNoWait()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero));

        AkiApiException e = await SendExpectingErrorAsync(429, RateLimited, o => o.TimeProvider = time, ("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"));

        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
    }

    [Fact]
    public async Task MissingOrUnreadableRetryAfterGivesNull()
    {
        AkiApiException none = await SendExpectingErrorAsync(429, RateLimited);
        AkiApiException garbage = await SendExpectingErrorAsync(429, RateLimited, ("Retry-After", "soon"));

        Assert.Null(none.RetryAfter);
        Assert.Null(garbage.RetryAfter);
    }

    [Fact]
    public async Task OpenAiShapedBodyFromVllmGivesTypeAndMessage()
    {
        const string body = """{"error":{"message":"1 validation error: messages.1.role: Input should be 'user' or 'assistant'","type":"Bad Request","param":null,"code":400}}""";

        AkiApiException e = await SendExpectingErrorAsync(400, body);

        Assert.IsType<AkiBadRequestException>(e);
        Assert.Equal("Bad Request", e.ErrorType!.Value.Value);
        Assert.Equal("1 validation error: messages.1.role: Input should be 'user' or 'assistant'", e.ServerMessage);
        Assert.Contains("Input should be 'user' or 'assistant'", e.Message, StringComparison.Ordinal);
        Assert.Equal(body, e.RawBody);
    }

    [Fact]
    public async Task FastApiDetailStringGivesTheMessage()
    {
        AkiApiException e = await SendExpectingErrorAsync(404, """{"detail":"Not Found"}""");

        Assert.IsType<AkiNotFoundException>(e);
        Assert.Null(e.ErrorType);
        Assert.Equal("Not Found", e.ServerMessage);
    }

    [Fact]
    public async Task FastApiValidationDetailListNamesTheFieldAndTheProblem()
    {
        const string body = """{"detail":[{"loc":["body","max_tokens"],"msg":"Field required","type":"missing"},{"loc":["body","messages",0,"role"],"msg":"Input should be 'user'","type":"literal_error"}]}""";

        AkiApiException e = await SendExpectingErrorAsync(422, body);

        Assert.IsType<AkiBadRequestException>(e);
        Assert.Equal("body.max_tokens: Field required; body.messages.0.role: Input should be 'user'", e.ServerMessage);
        Assert.Contains("body.max_tokens: Field required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlPageFromAProxyIsSummarisedByItsTitle()
    {
        string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>502 Bad Gateway</title><style>body{font-family:sans-serif}</style></head>"
            + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>" + new string(' ', 2000) + "<p>" + new string('x', 5000) + "</p></body></html>";

        AkiApiException e = await SendExpectingErrorAsync(502, html, "text/html");

        Assert.IsType<AkiApiException>(e);
        Assert.Equal(502, e.StatusCode);
        Assert.Null(e.ErrorType);
        Assert.Null(e.ServerMessage);
        Assert.Contains("502 Bad Gateway", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("font-family", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 500, $"Message is {e.Message.Length} characters long: {e.Message}");
        Assert.Equal(html, e.RawBody);
    }

    [Fact]
    public async Task PlainTextBodyIsQuotedShortly()
    {
        string text = "upstream connect error or disconnect/reset before headers. reset reason: connection termination " + new string('!', 3000);

        AkiApiException e = await SendExpectingErrorAsync(503, text, "text/plain");

        Assert.Null(e.ServerMessage);
        Assert.Contains("upstream connect error", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 500, $"Message is {e.Message.Length} characters long.");
        Assert.Equal(text, e.RawBody);
    }

    [Fact]
    public async Task EmptyBodyStillGivesTheStatus()
    {
        AkiApiException e = await SendExpectingErrorAsync(500, string.Empty, contentType: null);

        Assert.IsType<AkiApiException>(e);
        Assert.Equal(500, e.StatusCode);
        Assert.Null(e.ErrorType);
        Assert.Null(e.ServerMessage);
        Assert.True(string.IsNullOrEmpty(e.RawBody));
        Assert.Contains("500", e.Message, StringComparison.Ordinal);
        Assert.Contains("empty body", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyEchoedInTheBodyNeverAppearsInTheExceptionText()
    {
        string body = $$$"""{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: {{{MockAki.ApiKey}}}"}}""";

        AkiApiException e = await SendExpectingErrorAsync(401, body);

        Assert.DoesNotContain(MockAki.ApiKey, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MockAki.ApiKey, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(MockAki.ApiKey, e.ServerMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(MockAki.ApiKey, e.RawBody, StringComparison.Ordinal);
        Assert.Contains("[redacted]", e.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyEchoedInAnHtmlOrTextBodyNeverAppearsInTheExceptionText()
    {
        AkiApiException text = await SendExpectingErrorAsync(403, "Forbidden: key " + MockAki.ApiKey + " is blocked", "text/plain");
        AkiApiException html = await SendExpectingErrorAsync(403, "<html><head><title>Denied " + MockAki.ApiKey + "</title></head></html>", "text/html");

        Assert.DoesNotContain(MockAki.ApiKey, text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(MockAki.ApiKey, html.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorResponseIsSentOnceWhenRetriesAreOff()
    {
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.InternalServerError, """{"type":"error","error":{"type":"api_error","message":"boom"}}""");
        using AkiClient client = mock.CreateClient(o => o.MaxRetries = 0);

        await Assert.ThrowsAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Assert.Single(mock.Requests);
    }

    private const string RateLimited = """{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}""";

    private static Task<AkiApiException> SendExpectingErrorAsync(int status, string body, params (string Name, string Value)[] headers) =>
        SendExpectingErrorAsync(status, body, "application/json", null, headers);

    private static Task<AkiApiException> SendExpectingErrorAsync(int status, string body, Action<AkiClientOptions> configure, params (string Name, string Value)[] headers) =>
        SendExpectingErrorAsync(status, body, "application/json", configure, headers);

    private static Task<AkiApiException> SendExpectingErrorAsync(int status, string body, string? contentType) =>
        SendExpectingErrorAsync(status, body, contentType, null);

    private static async Task<AkiApiException> SendExpectingErrorAsync(
        int status, string body, string? contentType, Action<AkiClientOptions>? configure, params (string Name, string Value)[] headers)
    {
        using var mock = new MockAki();
        mock.ReplyRaw((HttpStatusCode)status, body, contentType, headers);
        using AkiClient client = mock.CreateClient(configure);

        return await Assert.ThrowsAnyAsync<AkiApiException>(() => client.Messages.CreateAsync(TestRequests.Hello()));
    }
}
