using Aki.Client;
using Aki.Client.Testing;

// Answers one prompt. With AKI_API_KEY set, the answer comes from AKI.IO. Without it, the sample starts a local
// fixture server (Aki.Client.Testing) and the same SDK calls get a recorded answer, so it runs anywhere, offline.
string prompt = args.Length > 0 ? string.Join(' ', args) : "In one sentence: why does data residency in the EU matter?";
string? key = Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable);

await using AkiFixtureServer? fixtures = string.IsNullOrWhiteSpace(key) ? await AkiFixtureServer.StartAsync() : null;
AkiClientOptions options;
if (fixtures is null)
{
    options = new AkiClientOptions { ApiKey = key };
}
else
{
    Console.Error.WriteLine($"AKI_API_KEY is not set: answering from recorded fixtures served at {fixtures.BaseAddress}, not from a live model.");
    Console.Error.WriteLine("A recorded answer does not depend on your prompt. To ask AKI.IO for real, get a key at https://aki.io and run:");
    Console.Error.WriteLine("  AKI_API_KEY=... dotnet run --project samples/QuickStart");
    Console.Error.WriteLine();
    options = new AkiClientOptions { ApiKey = "fixture", Endpoint = fixtures.BaseAddress };
}

using var client = new AkiClient(options);
MessageStream stream = client.Messages.StreamAsync(new MessageRequest
{
    Model = AkiModels.Gemma4_26B,
    MaxTokens = 512,
    Messages = [MessageParam.User(prompt)],
});

// The answer appears as the model writes it; the final message has the usage and the request id.
await foreach (string delta in stream.TextAsync())
{
    Console.Write(delta);
}

Message answer = await stream.GetFinalMessageAsync();
Console.WriteLine();
Console.Error.WriteLine($"[{answer.Model}, {answer.Usage.InputTokens} in / {answer.Usage.OutputTokens} out, request {answer.RequestId}{(fixtures is null ? string.Empty : ", recorded fixture")}]");
return 0;
