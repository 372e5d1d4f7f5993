using System.Net.Http;
using RichardSzalay.MockHttp;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

/// <summary>HuggingFace repository ids (as AKI.IO's own docs show them) lead to the short id AKI.IO serves.</summary>
public class HuggingFaceIdTests
{
    private readonly MockHttpMessageHandler _mock = new();
    private readonly CollectingLoggerFactory _logs = new();

    public HuggingFaceIdTests()
    {
        _mock.When(HttpMethod.Get, AnthropicList).Respond("application/json", CompatibleListOf(("gemma4-26b", 0), ("llama3-chat-70b", 0)));
        _mock.When(HttpMethod.Post, MessagesUrl).Respond(_ => Json(MessageFrom(AkiModels.FallbackModel)));
    }

    [Theory]
    [InlineData("meta-llama/Llama-3.3-70B-Instruct", AkiModels.Llama3Chat70B)]
    [InlineData("openai/gpt-oss-120b", AkiModels.GptOss120B)]
    [InlineData("swiss-ai/Apertus-70B-Instruct-2509", AkiModels.ApertusChat70B)]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", AkiModels.Llama3Chat8B)]
    [InlineData("mistralai/Ministral-3-14B-Instruct-2512", AkiModels.Ministral3_14B)]
    [InlineData("MiniMaxAI/MiniMax-M2.5", AkiModels.MiniMaxM25_230B)]
    public async Task StrictSuggestsTheShortIdFirst(string huggingFaceId, string shortId)
    {
        using AkiClient client = CreateClient(_mock, logs: _logs, configure: options => options.ModelValidation = ModelValidation.Strict);

        AkiUnknownModelException error = await Assert.ThrowsAsync<AkiUnknownModelException>(() => client.Messages.CreateAsync(Request(huggingFaceId)));

        Assert.Equal(shortId, error.Suggestions[0]);
        Assert.Contains($"'{shortId}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarnNamesTheIdToUse()
    {
        using AkiClient client = CreateClient(_mock, logs: _logs, configure: options => options.ModelValidation = ModelValidation.Warn);

        await client.Messages.CreateAsync(Request("meta-llama/Llama-3.3-70B-Instruct"));

        string warning = Assert.Single(_logs.Warnings, w => w.Contains("is not a model AKI.IO serves", StringComparison.Ordinal));
        Assert.Contains("Use 'llama3-chat-70b'", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDocumentedRepositoryIdsMapToShortIds()
    {
        Assert.Equal(AkiModels.Llama3Chat70B, AkiModels.FromHuggingFaceId("meta-llama/Llama-3.3-70B-Instruct"));
        Assert.Equal(AkiModels.Llama3Chat70B, AkiModels.FromHuggingFaceId("META-LLAMA/llama-3.3-70b-instruct"));
        Assert.Null(AkiModels.FromHuggingFaceId("someone/some-model"));
        Assert.Null(AkiModels.FromHuggingFaceId("gemma4-26b"));
    }

    [Theory]
    [InlineData(ModelValidation.Warn, 16_384, true)]
    [InlineData(ModelValidation.Warn, 8_192, false)]
    [InlineData(ModelValidation.Warn, null, false)]
    public async Task AnUnknownIdWithMaxTokensAboveTheFallbacksLimitSaysSo(ModelValidation mode, int? maxTokens, bool mentionsLimit)
    {
        using AkiClient client = CreateClient(_mock, logs: _logs, configure: options => options.ModelValidation = mode);

        await client.Messages.CreateAsync(Request("deepseek-v3", maxTokens));

        string warning = Assert.Single(_logs.Warnings, w => w.Contains("is not a model AKI.IO serves", StringComparison.Ordinal));
        Assert.Equal(mentionsLimit, warning.Contains("MiniMax M2.5", StringComparison.Ordinal) && warning.Contains("8192", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLimitIsNamedForStreamsToo()
    {
        using AkiClient client = CreateClient(_mock, logs: _logs, configure: options => options.ModelValidation = ModelValidation.Warn);

        await Assert.ThrowsAnyAsync<AkiException>(() => client.Messages.StreamAsync(Request("deepseek-v3", 20_000)).GetFinalMessageAsync());

        Assert.Contains(_logs.Warnings, w => w.Contains("output limit is 8192", StringComparison.Ordinal));
    }
}
