using Aki.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Aki.Client.Tests.ChatClient;

/// <summary><c>AddAkiChatClient</c>: an <see cref="IChatClient"/> over the registered <see cref="AkiClient"/>, with middleware chained on the builder.</summary>
public sealed class ChatClientRegistrationTests
{
    [Fact]
    public async Task TheRegisteredChatClientRunsMiddlewareOverTheRegisteredAkiClient()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        var services = new ServiceCollection();
        services.AddAkiClient(o => { o.ApiKey = "fixture"; o.Endpoint = server.BaseAddress; });
        services.AddAkiChatClient(AkiModels.Llama3Chat70B).UseFunctionInvocation();
        await using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredService<IChatClient>();
        AIFunction weather = AIFunctionFactory.Create((string city, string unit) => "18 °C, sunny", "get_weather", "Weather.");
        ChatResponse response = await chat.GetResponseAsync("What's the weather in Berlin?", new ChatOptions { Tools = [weather] });

        Assert.NotNull(chat.GetService<FunctionInvokingChatClient>());
        Assert.Same(provider.GetRequiredService<AkiClient>(), chat.GetService<AkiClient>());
        Assert.Equal(AkiModels.Llama3Chat70B, chat.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Contains("Berlin", response.Text);
    }

    [Fact]
    public async Task AKeyedChatClientUsesTheAkiClientOfItsKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedAkiClient("eu", o => { o.ApiKey = "k1"; o.Endpoint = new Uri("https://eu.example.org/anthropic"); });
        services.AddKeyedAkiClient("other", o => { o.ApiKey = "k2"; o.Endpoint = new Uri("https://other.example.org/anthropic"); });
        ChatClientBuilder builder = services.AddKeyedAkiChatClient("eu", AkiModels.Qwen36_35B);
        await using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredKeyedService<IChatClient>("eu");

        Assert.NotNull(builder);
        Assert.Same(provider.GetRequiredKeyedService<AkiClient>("eu"), chat.GetService<AkiClient>());
        Assert.Equal("eu.example.org", chat.GetService<ChatClientMetadata>()!.ProviderUri!.Host);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public async Task WithoutAnAkiClientTheErrorSaysWhatToRegister()
    {
        var services = new ServiceCollection();
        services.AddAkiChatClient();
        services.AddKeyedAkiChatClient("eu");
        await using ServiceProvider provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());
        var keyed = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<IChatClient>("eu"));

        Assert.Contains("AddAkiClient", e.Message);
        Assert.Contains("AddKeyedAkiClient(\"eu\"", keyed.Message);
    }
}
