using System.Net;
using System.Text.Json;
using Aki.Client.Testing;

namespace Aki.Client.EndToEnd.Tests;

/// <summary><c>aki-fixtures</c> as a process: what a front end, a script or docker compose starts from a shell.</summary>
public class FixtureToolTests
{
    private static MessageRequest Hello(string model = "gemma4-26b") =>
        new() { Model = model, MaxTokens = 128, Messages = [MessageParam.User("In one sentence: why does data residency in the EU matter?")] };

    [Fact]
    public async Task ServePrintsItsAddressAndAnswersLikeAkiIo()
    {
        await using FixtureServerProcess server = await FixtureServerProcess.StartAsync(["serve"]);
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "any-key", Endpoint = server.BaseAddress });

        Message answer = await client.Messages.CreateAsync(Hello());
        Message streamed = await client.Messages.StreamAsync(Hello()).GetFinalMessageAsync();

        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/$", server.BaseAddress.ToString());
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.Equal("gemma4-26b", answer.Model);
        Assert.False(string.IsNullOrWhiteSpace(answer.Text));
        Assert.Equal(answer.Text, streamed.Text);
        Assert.StartsWith("req_", answer.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeListensOnTheGivenPort()
    {
        int port = FreePort.Find();
        await using FixtureServerProcess server = await FixtureServerProcess.StartAsync(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), server.BaseAddress);
    }

    [Fact]
    public async Task ServeAddsTheUsersFolderAndKeepsTheStarterSet()
    {
        string folder = Directory.CreateTempSubdirectory("aki-fixtures-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "parcel.json"), """
                { "match": { "model": "gemma4-26b", "userTextContains": "parcel" },
                  "response": { "body": { "id": "msg_parcel", "type": "message", "role": "assistant", "model": "gemma4-26b",
                    "content": [{ "type": "text", "text": "Your parcel left our warehouse today." }], "stop_reason": "end_turn",
                    "usage": { "input_tokens": 9, "output_tokens": 7 } } } }
                """);
            await using FixtureServerProcess server = await FixtureServerProcess.StartAsync(["serve", "--fixtures", folder]);
            using var client = new AkiClient(new AkiClientOptions { ApiKey = "any-key", Endpoint = server.BaseAddress });

            Message parcel = await client.Messages.CreateAsync(new MessageRequest { Model = "gemma4-26b", MaxTokens = 64, Messages = [MessageParam.User("Where is my parcel?")] });
            Message starter = await client.Messages.CreateAsync(Hello());

            Assert.Equal("Your parcel left our warehouse today.", parcel.Text);
            Assert.NotEqual(parcel.Text, starter.Text);
            Assert.Contains(folder, server.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ScenariosAndTheModelFallbackWorkOverTheWire()
    {
        await using FixtureServerProcess server = await FixtureServerProcess.StartAsync(["serve"]);
        var limited = new AkiClientOptions { ApiKey = "any-key", Endpoint = server.BaseAddress, MaxRetries = 0 };
        limited.DefaultHeaders[AkiFixtureServer.ScenarioHeader] = AkiFixtureScenarios.RateLimited;
        using var limitedClient = new AkiClient(limited);
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "any-key", Endpoint = server.BaseAddress, ModelValidation = ModelValidation.Off });

        AkiRateLimitException error = await Assert.ThrowsAsync<AkiRateLimitException>(() => limitedClient.Messages.CreateAsync(Hello()));
        Message fallback = await client.Messages.CreateAsync(Hello("no-such-model"));

        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Equal("minimax-m2.5-230b", fallback.Model);
        Assert.True(fallback.IsModelFallback);
    }

    [Fact]
    public async Task NoFallbackAnswersAnUnknownModelWith404()
    {
        await using FixtureServerProcess server = await FixtureServerProcess.StartAsync(["serve", "--no-fallback"]);
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "any-key", Endpoint = server.BaseAddress, ModelValidation = ModelValidation.Off, MaxRetries = 0 });

        AkiNotFoundException error = await Assert.ThrowsAsync<AkiNotFoundException>(() => client.Messages.CreateAsync(Hello("no-such-model")));

        Assert.StartsWith("No fixture matched", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordForwardsWithTheKeyFromTheEnvironmentAndNeverWritesIt()
    {
        const string secret = "sk-upstream-7f3c9a1e5b2d";
        await using AkiFixtureServer upstream = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ApiKey = secret });
        string folder = Directory.CreateTempSubdirectory("aki-recordings-").FullName;
        try
        {
            await using (FixtureServerProcess recorder = await FixtureServerProcess.StartAsync(
                ["record", "--upstream", upstream.BaseAddress.ToString(), "--fixtures", folder],
                new Dictionary<string, string?> { ["AKI_API_KEY"] = secret }))
            {
                using var client = new AkiClient(new AkiClientOptions { ApiKey = "local-key", Endpoint = recorder.BaseAddress });
                Message answer = await client.Messages.CreateAsync(Hello());

                Assert.Equal("gemma4-26b", answer.Model);
                Assert.DoesNotContain(secret, recorder.Output, StringComparison.Ordinal);
            }

            string[] files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
            string recording = Assert.Single(files);
            string text = File.ReadAllText(recording);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.Equal("gemma4-26b", JsonDocument.Parse(text).RootElement.GetProperty("match").GetProperty("model").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "record", "--upstream", "https://aki.io/anthropic" }, "AKI_API_KEY")]
    [InlineData(new[] { "record" }, "--upstream")]
    [InlineData(new[] { "serve", "--port", "http" }, "--port must be a whole number")]
    [InlineData(new[] { "serve", "--verbose" }, "'--verbose' is not an option of serve")]
    [InlineData(new[] { "start" }, "unknown command 'start'")]
    public async Task ABadCommandLineExitsWith2AndSaysWhy(string[] arguments, string expected)
    {
        (int exitCode, string output) = await CommandRunner.RunAsync("dotnet", ["exec", Paths.FixtureServerAssembly, .. arguments], Path.GetTempPath(), limit: TimeSpan.FromMinutes(1));

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsTheCommandsAndScenarios()
    {
        (int exitCode, string output) = await CommandRunner.RunAsync("dotnet", ["exec", Paths.FixtureServerAssembly, "--help"], Path.GetTempPath(), limit: TimeSpan.FromMinutes(1));

        Assert.Equal(0, exitCode);
        Assert.Contains("aki-fixtures serve [--port N] [--fixtures DIR]", output, StringComparison.Ordinal);
        foreach (string scenario in typeof(AkiFixtureScenarios).GetFields().Select(f => (string)f.GetValue(null)!))
        {
            Assert.Contains(scenario, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task APortInUseIsReportedNotThrown()
    {
        await using FixtureServerProcess first = await FixtureServerProcess.StartAsync(["serve"]);

        (int exitCode, string output) = await CommandRunner.RunAsync(
            "dotnet", ["exec", Paths.FixtureServerAssembly, "serve", "--port", first.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], Path.GetTempPath(), limit: TimeSpan.FromMinutes(1));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("aki-fixtures: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
