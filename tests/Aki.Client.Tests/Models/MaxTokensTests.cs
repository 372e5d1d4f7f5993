using System;
using System.Net.Http;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

/// <summary><c>max_tokens</c>: the default is <c>min(8192, output limit)</c>; above a known output limit nothing is sent.</summary>
public class MaxTokensTests
{
    [Theory]
    [InlineData(AkiModels.Gemma4_26B, 8192)]
    [InlineData(AkiModels.MiniMaxM25_230B, 8192)]
    [InlineData(AkiModels.ApertusChat70B, 8192)]
    [InlineData(AkiModels.Qwen36Chat35B, 8192)]
    [InlineData("model-nobody-documents", 8192)]
    public async Task AnUnsetMaxTokensIsSentAsTheDocumentedDefault(string model, int expected)
    {
        int? sent = null;
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, MessagesUrl).Respond(async request =>
        {
            sent = int.Parse(await SentField(request, "max_tokens") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
            return Json(MessageFrom(model));
        });
        using AkiClient client = CreateClient(mock, configure: options => options.ModelValidation = ModelValidation.Off);

        await client.Messages.CreateAsync(Request(model));

        Assert.Equal(expected, sent);
    }

    [Theory]
    [InlineData(AkiModels.MiniMaxM25_230B, 8193, 8192)]
    [InlineData(AkiModels.ApertusChat70B, 10_000, 8192)]
    [InlineData(AkiModels.Gemma4_26B, 32_769, 32_768)]
    [InlineData(AkiModels.Gemma4Chat26B, 40_000, 32_768)]
    [InlineData("QWEN3.6-35B", 65_536, 32_768)]
    public async Task MaxTokensAboveAKnownOutputLimitIsRefusedBeforeSending(string model, int maxTokens, int limit)
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest messages = mock.When(HttpMethod.Post, MessagesUrl).Respond("application/json", MessageFrom(model));
        using AkiClient client = CreateClient(mock);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Messages.CreateAsync(Request(model, maxTokens)));

        Assert.Contains($"({limit} tokens)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(messages));
    }

    [Theory]
    [InlineData(AkiModels.Gemma4_26B, 32_768)]
    [InlineData(AkiModels.MiniMaxM25_230B, 8192)]
    [InlineData("model-nobody-documents", 200_000)]
    public async Task MaxTokensUpToTheLimitOrForAnUndocumentedModelIsSentAsGiven(string model, int maxTokens)
    {
        int? sent = null;
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, MessagesUrl).Respond(async request =>
        {
            sent = int.Parse(await SentField(request, "max_tokens") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
            return Json(MessageFrom(model));
        });
        using AkiClient client = CreateClient(mock, configure: options => options.ModelValidation = ModelValidation.Off);

        await client.Messages.CreateAsync(Request(model, maxTokens));

        Assert.Equal(maxTokens, sent);
    }
}
