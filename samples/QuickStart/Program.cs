using Aki.Client;

// Answers one prompt. With AKI_API_KEY set, the answer comes from AKI.IO.
string prompt = args.Length > 0 ? string.Join(' ', args) : "In one sentence: why does data residency in the EU matter?";
string? key = Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable);
if (string.IsNullOrWhiteSpace(key))
{
    Console.Error.WriteLine("AKI_API_KEY is not set. Get a key at https://aki.io and run: AKI_API_KEY=... dotnet run --project samples/QuickStart");
    return 1;
}

using var client = new AkiClient(key);
Message answer = await client.Messages.CreateAsync(new MessageRequest
{
    Model = AkiModels.Gemma4_26B,
    MaxTokens = 512,
    Messages = [MessageParam.User(prompt)],
});

Console.WriteLine(answer.Text);
Console.Error.WriteLine($"[{answer.Model}, {answer.Usage.InputTokens} in / {answer.Usage.OutputTokens} out, request {answer.RequestId}]");
return 0;
