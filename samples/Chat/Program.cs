using System.Text;
using Aki.Client;
using Aki.Client.Testing;
using Microsoft.Extensions.AI;

namespace Aki.Client.Samples.Chat;

/// <summary>
/// A console chat through Microsoft.Extensions.AI: each answer streams as it is written, and the conversation is
/// kept, so the model sees every earlier turn. Reads one prompt per line until end of input (Ctrl+D, or the end of
/// piped input); an empty line is skipped. With AKI_API_KEY set, a live model answers; without it, a local fixture
/// server plays a recorded answer, offline.
/// </summary>
public static class ChatSample
{
    public static Task<int> Main(string[] args) =>
        RunAsync(
            args.Length > 0 ? args[0] : AkiModels.Gemma4_26B,
            Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable),
            Console.In,
            Console.Out,
            Console.Error,
            interactive: !Console.IsInputRedirected);

    public static async Task<int> RunAsync(string model, string? apiKey, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        await using AkiFixtureServer? fixtures = string.IsNullOrWhiteSpace(apiKey) ? await AkiFixtureServer.StartAsync() : null;
        AkiClientOptions options = fixtures is null
            ? new AkiClientOptions { ApiKey = apiKey }
            : new AkiClientOptions { ApiKey = "fixture", Endpoint = fixtures.BaseAddress };
        if (fixtures is not null)
        {
            error.WriteLine($"AKI_API_KEY is not set: answering from recorded fixtures served at {fixtures.BaseAddress}, not from a live model.");
            error.WriteLine("A recorded answer does not depend on your prompt. To chat with AKI.IO for real, get a key at https://aki.io and run:");
            error.WriteLine("  AKI_API_KEY=... dotnet run --project samples/Chat");
            error.WriteLine();
        }

        using var client = new AkiClient(options);
        using IChatClient chat = client.AsIChatClient(model);
        List<ChatMessage> history = [new(ChatRole.System, "You are a helpful assistant. Answer briefly.")];

        int turn = 0;
        while (true)
        {
            if (interactive)
            {
                output.Write("> ");
            }

            string? line = await input.ReadLineAsync();
            if (line is null)
            {
                break;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            history.Add(new ChatMessage(ChatRole.User, line));
            var updates = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync(history))
            {
                output.Write(update.Text);
                updates.Add(update);
            }

            output.WriteLine();

            // The streamed updates become the assistant's turn, so the next prompt is asked with the whole conversation.
            history.AddMessages(updates);
            turn++;
            ChatResponse answer = updates.ToChatResponse();
            error.WriteLine($"[turn {turn}: {answer.ModelId}, {answer.Usage?.InputTokenCount} in / {answer.Usage?.OutputTokenCount} out, {history.Count - 1} messages in the conversation]");
        }

        return 0;
    }
}
