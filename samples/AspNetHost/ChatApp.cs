using System.Text.Json;
using System.Text.Json.Serialization;
using Aki.Client.Testing;

namespace Aki.Client.Samples.AspNetHost;

/// <summary>
/// A minimal API that registers the client from configuration ("Aki" section) and relays answers to browsers:
/// <c>POST /chat</c> returns JSON, <c>GET /chat/stream?prompt=...</c> streams the text as server-sent events and stops
/// the model's stream when the browser goes away; <c>/</c> is a chat page over that stream. Without an API key it
/// answers from recorded fixtures.
/// </summary>
public static class ChatApp
{
    /// <param name="args">The command line.</param>
    /// <param name="configure">More services for the host, such as OpenTelemetry (Program.cs adds it; tests do not).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJson.Default));

        // Recorded fixtures stand in for AKI.IO when no key is configured (or when Sample:UseFixtures is true).
        AkiFixtureServer? fixtures = null;
        bool noKey = string.IsNullOrWhiteSpace(builder.Configuration["Aki:ApiKey"])
            && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable));
        if (noKey || builder.Configuration.GetValue<bool>("Sample:UseFixtures"))
        {
            fixtures = await AkiFixtureServer.StartAsync();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Aki:ApiKey"] = "aki-fixtures-test-key", // not a word: the SDK masks its key wherever an error repeats it
                ["Aki:Endpoint"] = fixtures.BaseAddress.ToString(),
            });
            Console.Error.WriteLine($"No AKI.IO key configured (Aki:ApiKey or AKI_API_KEY): answering from recorded fixtures at {fixtures.BaseAddress}.");
            builder.Services.AddHostedService(_ => new FixtureServerLifetime(fixtures));
        }

        // The one line a host needs.
        builder.Services.AddAkiClient(builder.Configuration.GetSection("Aki"));

        WebApplication app = builder.Build();

        // The chat page (wwwroot/index.html): plain HTML and JS over /chat/stream.
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.MapPost("/chat", async (ChatRequest chat, AkiClient aki, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(chat.Prompt))
            {
                return Results.BadRequest(new ChatError("prompt is required"));
            }

            Message answer = await aki.Messages.CreateAsync(Request(chat.Prompt, chat.Model), cancellationToken);
            return Results.Ok(new ChatAnswer(answer.Text, answer.Model, answer.StopReason?.Value, answer.RequestId, answer.IsModelFallback));
        });

        // The token is the request's: when the browser disconnects, the model's stream is cancelled and released.
        app.MapGet("/chat/stream", (string prompt, string? model, AkiClient aki, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(aki.Messages.StreamAsync(Request(prompt, model), cancellationToken).TextAsync(cancellationToken), eventType: "delta"));

        // The chat page's endpoint: the whole conversation so far, answered as "delta" events.
        app.MapPost("/chat/stream", IResult (ChatConversation conversation, AkiClient aki, CancellationToken cancellationToken) =>
        {
            if (conversation.Turns is not { Count: > 0 } turns || turns[^1].Role != "user" || turns.Any(turn => string.IsNullOrWhiteSpace(turn.Text) || turn.Role is not ("user" or "assistant")))
            {
                return Results.BadRequest(new ChatError("turns must be user and assistant turns with text, ending with the user's"));
            }

            var request = new MessageRequest
            {
                Model = string.IsNullOrWhiteSpace(conversation.Model) ? AkiModels.Gemma4_26B : conversation.Model,
                MaxTokens = 1024,
                Messages = [.. turns.Select(turn => turn.Role == "user" ? MessageParam.User(turn.Text) : MessageParam.Assistant(turn.Text))],
            };
            return TypedResults.ServerSentEvents(aki.Messages.StreamAsync(request, cancellationToken).TextAsync(cancellationToken), eventType: "delta");
        });

        // An Anthropic-compatible POST /v1/messages in front of AKI.IO (AnthropicPassThrough.cs).
        app.MapAnthropicPassThrough();

        return app;
    }

    private static MessageRequest Request(string prompt, string? model) => new()
    {
        Model = string.IsNullOrWhiteSpace(model) ? AkiModels.Gemma4_26B : model,
        MaxTokens = 1024,
        Messages = [MessageParam.User(prompt)],
    };

    private sealed class FixtureServerLifetime(AkiFixtureServer server) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await server.DisposeAsync();
    }
}

public sealed record ChatRequest(string Prompt, string? Model = null);

public sealed record ChatAnswer(string Text, string Model, string? StopReason, string? RequestId, bool IsModelFallback);

public sealed record ChatError(string Error);

/// <summary>A conversation for <c>POST /chat/stream</c>: the turns so far, the user's last.</summary>
public sealed record ChatConversation(IReadOnlyList<ChatTurn> Turns, string? Model = null);

/// <summary>One turn: <c>user</c> or <c>assistant</c>, and its text.</summary>
public sealed record ChatTurn(string Role, string Text);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatAnswer))]
[JsonSerializable(typeof(ChatError))]
[JsonSerializable(typeof(ChatConversation))]
internal sealed partial class ChatJson : JsonSerializerContext;
