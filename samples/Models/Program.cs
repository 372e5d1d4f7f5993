using Aki.Client;
using Aki.Client.Testing;

// Lists AKI.IO's models with their context and output limits, and where each limit comes from.
// With AKI_API_KEY set, the list comes from AKI.IO (GET /v1/models). Without a key, the same call goes to the
// recorded-fixture server (Aki.Client.Testing), whose recorded list reports max_model_len 0 like AKI.IO: watch the
// limits come from the documented table. Look up ids or aliases:  dotnet run --project samples/Models -- gemma4-chat-26b
string? key = Environment.GetEnvironmentVariable(AkiClientOptions.ApiKeyEnvironmentVariable);
await using AkiFixtureServer? fixtures = string.IsNullOrWhiteSpace(key) ? await AkiFixtureServer.StartAsync() : null;
if (fixtures is not null)
{
    Console.Error.WriteLine($"AKI_API_KEY is not set: listing the recorded model list served at {fixtures.BaseAddress}, not AKI.IO's live one.");
}

using var client = new AkiClient(fixtures is null
    ? new AkiClientOptions { ApiKey = key }
    : new AkiClientOptions { ApiKey = "fixture", Endpoint = fixtures.BaseAddress });

IReadOnlyList<ModelInfo> models;
try
{
    models = await client.Models.ListAsync();
    Console.WriteLine($"Models listed by {client.BaseAddress}:");
}
catch (AkiException e)
{
    Console.Error.WriteLine($"The model list could not be loaded: {e.Message}");
    Console.WriteLine("Showing AKI.IO's documented model table instead (AkiModels.Catalog).");
    models = AkiModels.Catalog;
}

Console.WriteLine();
Console.WriteLine($"{"model",-22} {"context",-22} {"output",-20} note");
foreach (ModelInfo model in models)
{
    string note = model.AliasOf is null ? string.Empty : "alias of " + model.AliasOf;
    Console.WriteLine($"{model.Id,-22} {Limit(model.ContextTokens, model.ContextTokensSource),-22} {Limit(model.MaxOutputTokens, model.MaxOutputTokensSource),-20} {note}");
}

foreach (string id in args)
{
    // GetAsync resolves aliases and case, and falls back to the documented table if the list cannot load.
    ModelInfo? model = await client.Models.GetAsync(id);
    Console.WriteLine();
    if (model is null)
    {
        Console.WriteLine($"'{id}' is not a model AKI.IO lists or documents. AKI.IO would answer it with {AkiModels.FallbackModel}.");
        continue;
    }

    int output = Math.Min(AkiModels.DefaultMaxTokens, model.MaxOutputTokens ?? AkiModels.DefaultMaxTokens);
    Console.WriteLine(model.ContextTokens is { } context
        ? $"{model.Id}: {context:N0} tokens of context. With the default max_tokens of {output:N0}, a prompt may use about {context - output:N0} tokens."
        : $"{model.Id}: its context limit is not known.");
}

return 0;

static string Limit(int? tokens, ModelLimitSource source) => tokens is { } value
    ? $"{value:N0} ({(source == ModelLimitSource.Server ? "server" : "documented")})"
    : "unknown";
