using System;
using System.Net;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Errors;

/// <summary>A 200 whose body is not a message is reported as such, never as a bare JsonException.</summary>
public class UnexpectedResponseTests
{
    [Fact]
    public async Task TruncatedJsonGivesUnexpectedResponse()
    {
        AkiUnexpectedResponseException e = await SendAsync("""{"id":"msg_1","content":[{"type":"text","te""", "application/json");

        Assert.Equal(200, e.StatusCode);
        Assert.Equal("application/json", e.ContentType);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(e.InnerException);
        Assert.Contains("Endpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlLoginPageGivesUnexpectedResponseNamingThePage()
    {
        AkiUnexpectedResponseException e = await SendAsync(
            "<html><head><title>Sign in - Corporate Proxy</title></head><body><form>...</form></body></html>", "text/html; charset=utf-8", ("request-id", "req_html"));

        Assert.Equal("text/html; charset=utf-8", e.ContentType);
        Assert.Contains("Sign in - Corporate Proxy", e.BodyExcerpt, StringComparison.Ordinal);
        Assert.Contains("Sign in - Corporate Proxy", e.Message, StringComparison.Ordinal);
        Assert.Equal("req_html", e.RequestId);
    }

    [Fact]
    public async Task EmptyBodyGivesUnexpectedResponse()
    {
        AkiUnexpectedResponseException e = await SendAsync(string.Empty, null);

        Assert.Null(e.BodyExcerpt);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonNullBodyGivesUnexpectedResponse()
    {
        AkiUnexpectedResponseException e = await SendAsync("null", "application/json");

        Assert.Null(e.InnerException);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"ok\"")]
    [InlineData("""{"content":"not a block list"}""")]
    [InlineData("""{"content":[42]}""")]
    [InlineData("""{"usage":{"input_tokens":"twelve"}}""")]
    [InlineData("""{"stop_reason":7}""")]
    public async Task WrongJsonShapeGivesUnexpectedResponse(string body)
    {
        AkiUnexpectedResponseException e = await SendAsync(body, "application/json");

        Assert.Equal(200, e.StatusCode);
    }

    [Fact]
    public async Task ApiKeyInAnUnexpectedBodyIsRedacted()
    {
        AkiUnexpectedResponseException e = await SendAsync("proxy says: unknown key " + MockAki.ApiKey, "text/plain");

        Assert.DoesNotContain(MockAki.ApiKey, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(MockAki.ApiKey, e.BodyExcerpt, StringComparison.Ordinal);
    }

    private static async Task<AkiUnexpectedResponseException> SendAsync(string body, string? contentType, params (string Name, string Value)[] headers)
    {
        using var mock = new MockAki();
        mock.ReplyRaw(HttpStatusCode.OK, body, contentType, headers);
        using AkiClient client = mock.CreateClient();

        return await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => client.Messages.CreateAsync(TestRequests.Hello()));
    }
}
