using System.Net;
using System.Text.Json;

namespace Aki.Client.Testing.Tests;

/// <summary>
/// AKI.IO answers a model id it does not serve with MiniMax M2.5; the server does the same by default, and answers
/// 404 when told to.
/// </summary>
public class UnknownModelTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnUnknownModelIsAnsweredByMiniMaxByDefault(bool stream)
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient(o => o.ModelValidation = ModelValidation.Off);
        var request = new MessageRequest { Model = "llama3-70b", MaxTokens = 64, Messages = [MessageParam.User("Hello")] };

        Message answer = stream
            ? await client.Messages.StreamAsync(request).GetFinalMessageAsync()
            : await client.Messages.CreateAsync(request);

        Assert.Equal("minimax-m2.5-230b", answer.Model);
        Assert.Equal("llama3-70b", answer.RequestedModel);
        Assert.True(answer.IsModelFallback);
        Assert.Contains("MiniMax", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServedModelWithoutAFixtureIsStillANoMatch()
    {
        // gpt-oss-120b is in the model list, so AKI.IO would answer with it: only a fixture can say what it says.
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("gpt-oss-120b", "Hi")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("No fixture matched", (await Wire.ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelNamedOnlyByTheUsersFixturesIsServed()
    {
        string folder = Directory.CreateTempSubdirectory("aki-fixtures-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "house.json"), """
                { "match": { "model": "house-model-7b" },
                  "response": { "body": { "id": "msg_1", "type": "message", "role": "assistant", "model": "house-model-7b",
                    "content": [{ "type": "text", "text": "From the house model." }], "stop_reason": "end_turn",
                    "usage": { "input_tokens": 1, "output_tokens": 4 } } } }
                """);
            await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { FixtureDirectory = folder });
            using AkiClient client = server.CreateClient(o => o.ModelValidation = ModelValidation.Off);

            Message answer = await client.Messages.CreateAsync(new MessageRequest { Model = "house-model-7b", MaxTokens = 64, Messages = [MessageParam.User("Hi")] });

            Assert.Equal("From the house model.", answer.Text);
            Assert.False(answer.IsModelFallback);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithTheFallbackOffAnUnknownModelIsA404NamingTheNearestFixture()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { UnknownModelFallback = false });
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.SendAsync(Wire.Post(server, Wire.MessagesBody("llama3-70b", "Hello")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        JsonElement error = (await Wire.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.Contains("Compared: model \"llama3-70b\", stream false, 1 message, first user text \"Hello\", no scenario", message, StringComparison.Ordinal);
        Assert.Contains("Nearest: ", message, StringComparison.Ordinal);
        Assert.Contains("which differs in model (it wants", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSdkDoesNotBlameTheEndpointForAFixtureMiss()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient(o => o.MaxRetries = 0);

        AkiNotFoundException error = await Assert.ThrowsAsync<AkiNotFoundException>(() =>
            client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.GptOss120B, MaxTokens = 64, Messages = [MessageParam.User("Hi")] }));

        Assert.StartsWith("No fixture matched POST /v1/messages. Compared: model \"gpt-oss-120b\"", error.ServerMessage, StringComparison.Ordinal);
        Assert.Contains("Nearest: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AkiClientOptions.Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSdkBlamesTheEndpointForAPathTheServerDoesNotHave()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient(o =>
        {
            o.MaxRetries = 0;
            o.Endpoint = new Uri(server.BaseAddress, "openai/");
        });

        AkiNotFoundException error = await Assert.ThrowsAsync<AkiNotFoundException>(() =>
            client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, MaxTokens = 64, Messages = [MessageParam.User("Hi")] }));

        Assert.Contains("is not an endpoint of this fixture server", error.ServerMessage, StringComparison.Ordinal);
        Assert.Null(error.ErrorType);
        Assert.Contains("Check AkiClientOptions.Endpoint", error.Message, StringComparison.Ordinal);
    }
}
