using System.Net;
using System.Text.Json;

namespace Aki.Client.Testing.Tests;

/// <summary>The parts of AKI.IO's behaviour the server imitates whatever the fixtures say.</summary>
public class AkiBehaviourTests
{
    [Fact]
    public async Task MissingKeyIsAnsweredWithAnAnthropicShapedAuthenticationError()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), key: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string requestId = response.Headers.GetValues("request-id").Single();
        Assert.Matches("^req_[0-9A-Za-z]{24}$", requestId);
        JsonElement body = await Wire.ReadJsonAsync(response);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(requestId, body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task AConfiguredKeyIsTheOnlyOneAccepted()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ApiKey = "right" });
        using var http = new HttpClient();

        using HttpResponseMessage wrong = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), key: "wrong"));
        using HttpResponseMessage right = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), key: "right"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid x-api-key", (await Wire.ReadJsonAsync(wrong)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}],"max_tokens":10}""", "model: Field required")]
    [InlineData("""{"model":"gemma4-26b","max_tokens":10}""", "messages: Field required")]
    [InlineData("""{"model":"gemma4-26b","messages":[],"max_tokens":10}""", "messages: at least one message is required")]
    [InlineData("""{"model":"gemma4-26b","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"gemma4-26b","messages":[{"role":"user","content":"Hi"}],"max_tokens":0}""", "max_tokens: Input should be greater than or equal to 1")]
    [InlineData("""{"model":"gemma4-26b","messages":[{"role":"user","content":"Hi"}],"max_tokens":"many"}""", "max_tokens: Input should be a valid integer")]
    [InlineData("""{"model":""", "The request body is not valid JSON")]
    public async Task MissingOrInvalidRequiredFieldsAreAnInvalidRequestError(string body, string expectedMessage)
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement error = (await Wire.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.StartsWith(expectedMessage, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoMatchingFixtureIsA404ThatSaysWhatWasAskedAndWhatExists()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("apertus-chat-70b", "Tell me about Swiss cheese", stream: true)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
        JsonElement error = (await Wire.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.StartsWith("No fixture matched POST /v1/messages. Compared: ", message, StringComparison.Ordinal);
        Assert.Contains("model \"apertus-chat-70b\"", message, StringComparison.Ordinal);
        Assert.Contains("stream true", message, StringComparison.Ordinal);
        Assert.Contains("\"Tell me about Swiss cheese\"", message, StringComparison.Ordinal);
        Assert.Contains("no scenario", message, StringComparison.Ordinal);
        Assert.Contains("gemma4-26b/eu-data-residency [messages, model=gemma4-26b]", message, StringComparison.Ordinal);

        // apertus-chat-70b is in the model list but has no fixture: the nearest is a model default.
        Assert.Matches("Nearest: [^ ]+ \\[messages, model=[^\\]]+\\], which differs in model \\(it wants \"[^\"]+\"\\)\\.", message);
        Assert.Contains("faults/rate-limited [messages, scenario=rate-limited]", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownScenarioIsA404EvenForAModelWithADefault()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gemma4-26b", "Hi"), scenario: "no-such-scenario"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("scenario \"no-such-scenario\"", (await Wire.ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPathIsANotFoundError()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, "{}", path: "v1/complete"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        JsonElement body = await Wire.ReadJsonAsync(response);
        Assert.False(body.TryGetProperty("error", out _), "A path the server does not have is a web server's 404, not the Messages API's error envelope.");
        Assert.Contains("POST /v1/complete", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
