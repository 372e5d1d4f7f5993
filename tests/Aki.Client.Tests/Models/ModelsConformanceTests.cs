using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;
using Xunit.Abstractions;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

/// <summary>
/// Opt-in: with <c>AKI_CONFORMANCE_DIR</c> naming the shared corpus, its vLLM <c>/v1/models</c> body goes through
/// <see cref="ModelsClient.ListAsync"/>. A set variable with a missing folder or file fails; unset, the test reports skipped with the reason (under CI=true it runs).
/// </summary>
public class ModelsConformanceTests(ITestOutputHelper output)
{
    private const string Variable = "AKI_CONFORMANCE_DIR";
    private const string VllmModels = "derived-from-source/vllm_models.json";

    [RequiresEnvironmentFact(Variable, "the shared conformance corpus of recorded traffic")]
    public async Task TheVllmModelListFromTheCorpusParsesWithTheRightLimits()
    {
        string folder = RequiredEnvironment.Get(Variable, "the shared conformance corpus of recorded traffic");
        output.WriteLine($"{Variable}: {folder}");

        Assert.True(Directory.Exists(folder), $"{Variable} names '{folder}', which does not exist.");
        string path = Path.Combine(folder, VllmModels);
        Assert.True(File.Exists(path), $"{Variable} is set but '{path}' is missing.");

        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", await File.ReadAllTextAsync(path));
        using AkiClient client = CreateClient(mock);

        IReadOnlyList<ModelInfo> models = await client.Models.ListAsync();

        Assert.Collection(
            models,
            model =>
            {
                Assert.Equal("Qwen/Qwen3-8B", model.Id);
                Assert.Equal((32_768, ModelLimitSource.Server), (model.ContextTokens, model.ContextTokensSource));
                Assert.Equal((null, ModelLimitSource.Unknown), (model.MaxOutputTokens, model.MaxOutputTokensSource));
                Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_767_225_600), model.CreatedAt);
            },
            model =>
            {
                // A LoRA adapter: max_model_len is null and the table does not know it, so the limit is unknown, not 0.
                Assert.Equal("my-lora", model.Id);
                Assert.Equal((null, ModelLimitSource.Unknown), (model.ContextTokens, model.ContextTokensSource));
            });
        output.WriteLine($"{path}: {models.Count} models read.");
    }
}
