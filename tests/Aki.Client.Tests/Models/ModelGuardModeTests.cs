using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using static Aki.Client.Tests.Models.ModelTestSupport;

namespace Aki.Client.Tests.Models;

/// <summary>The guard against AKI.IO's silent fallback, seen through <c>Messages.CreateAsync</c> in each mode.</summary>
public class ModelGuardModeTests
{
    private const string HuggingFaceId = "meta-llama/Llama-3.3-70B-Instruct";

    private readonly MockHttpMessageHandler _mock = new();
    private readonly CollectingLoggerFactory _logs = new();
    private readonly MockedRequest _list;
    private readonly MockedRequest _messages;

    public ModelGuardModeTests()
    {
        _list = _mock.When(HttpMethod.Get, AnthropicList)
            .Respond("application/json", CompatibleListOf(("gemma4-26b", 0), ("minimax-m2.5-230b", 0), ("deepseek-v3", 65_536)));

        // The server behaves like AKI.IO: a known id is answered by that model, anything else by MiniMax M2.5.
        _messages = _mock.When(HttpMethod.Post, MessagesUrl).Respond(async request =>
        {
            string model = await SentField(request, "model") ?? string.Empty;
            string served = string.Equals(model, "deepseek-v3", StringComparison.OrdinalIgnoreCase) ? "deepseek-v3"
                : AkiModels.IsKnown(model) ? AkiModels.Resolve(model) : AkiModels.FallbackModel;
            return Json(MessageFrom(served));
        });
    }

    private AkiClient Client(ModelValidation mode, FakeTimeProvider? time = null) =>
        CreateClient(_mock, time, _logs, options => options.ModelValidation = mode);

    [Theory]
    [InlineData(ModelValidation.Off)]
    [InlineData(ModelValidation.Warn)]
    [InlineData(ModelValidation.Strict)]
    public async Task ADocumentedIdIsSentWithoutAskingForTheList(ModelValidation mode)
    {
        using AkiClient client = Client(mode);

        Message answer = await client.Messages.CreateAsync(Request(AkiModels.Gemma4_26B));

        Assert.False(answer.IsModelFallback);
        Assert.Equal(0, _mock.GetMatchCount(_list));
        Assert.Empty(_logs.Warnings);
    }

    [Theory]
    [InlineData(ModelValidation.Off)]
    [InlineData(ModelValidation.Warn)]
    [InlineData(ModelValidation.Strict)]
    public async Task AnAliasInAnyCaseIsAcceptedAndItsTargetAnsweringIsNoFallback(ModelValidation mode)
    {
        using AkiClient client = Client(mode);

        Message answer = await client.Messages.CreateAsync(Request("Gemma4-Chat-26B"));

        Assert.Equal(AkiModels.Gemma4_26B, answer.Model);
        Assert.False(answer.IsModelFallback);
        Assert.Equal(0, _mock.GetMatchCount(_list));
        Assert.Empty(_logs.Warnings);
    }

    [Fact]
    public async Task OffSendsAnUnknownIdSilentlyButStillFlagsTheFallback()
    {
        using AkiClient client = Client(ModelValidation.Off);

        Message answer = await client.Messages.CreateAsync(Request("gemma-4-26b"));

        Assert.True(answer.IsModelFallback);
        Assert.Equal("gemma-4-26b", answer.RequestedModel);
        Assert.Equal(0, _mock.GetMatchCount(_list));
        Assert.Empty(_logs.Warnings);
    }

    [Fact]
    public async Task WarnLogsAnUnknownIdOnceWithASuggestionAndNeverAsksForTheList()
    {
        using AkiClient client = Client(ModelValidation.Warn);

        Message first = await client.Messages.CreateAsync(Request("gemma-4-26b"));
        await client.Messages.CreateAsync(Request("gemma-4-26b"));

        Assert.True(first.IsModelFallback);
        Assert.Equal(2, _mock.GetMatchCount(_messages));
        Assert.Equal(0, _mock.GetMatchCount(_list));
        string[] warnings = [.. _logs.Warnings];
        Assert.Equal(2, warnings.Length);
        Assert.Contains("'gemma-4-26b' is not a model AKI.IO serves", warnings[0], StringComparison.Ordinal);
        Assert.Contains("Did you mean 'gemma4-26b'", warnings[0], StringComparison.Ordinal);
        Assert.Contains("Model fallback", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarnUsesTheCachedListSoAnIdItNamedIsNotWarnedAbout()
    {
        using AkiClient client = Client(ModelValidation.Warn);
        await client.Models.ListAsync();

        Message answer = await client.Messages.CreateAsync(Request("deepseek-v3"));

        Assert.False(answer.IsModelFallback);
        Assert.Empty(_logs.Warnings);
    }

    [Fact]
    public async Task WarnDoesNotWaitForASlowList()
    {
        var server = new HangingHandler();
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond(server);
        mock.When(HttpMethod.Post, MessagesUrl).Respond("application/json", MessageFrom(AkiModels.FallbackModel));
        using AkiClient client = CreateClient(mock, logs: _logs);

        Message answer = await client.Messages.CreateAsync(Request("deepseek-v3")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(answer.IsModelFallback);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task StrictRefusesAnUnknownIdBeforeSending()
    {
        using AkiClient client = Client(ModelValidation.Strict);

        var error = await Assert.ThrowsAsync<AkiUnknownModelException>(() => client.Messages.CreateAsync(Request("gemma4-26")));

        Assert.Equal("gemma4-26", error.Model);
        Assert.Equal(AkiModels.Gemma4_26B, error.Suggestions[0]);
        Assert.Contains(AkiModels.FallbackModel, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _mock.GetMatchCount(_messages));
        Assert.Equal(1, _mock.GetMatchCount(_list));
    }

    [Fact]
    public async Task StrictRefusesAHuggingFaceStyleIdTheListDoesNotName()
    {
        using AkiClient client = Client(ModelValidation.Strict);

        var error = await Assert.ThrowsAsync<AkiUnknownModelException>(() => client.Messages.CreateAsync(Request(HuggingFaceId)));

        Assert.Equal(HuggingFaceId, error.Model);
        Assert.Contains("not HuggingFace repository ids", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _mock.GetMatchCount(_messages));
    }

    [Theory]
    [InlineData(ModelValidation.Off, 0)]
    [InlineData(ModelValidation.Warn, 1)]
    public async Task OffAndWarnSendAHuggingFaceStyleIdAndTheAnswerIsFlagged(ModelValidation mode, int unknownIdWarnings)
    {
        using AkiClient client = Client(mode);

        Message answer = await client.Messages.CreateAsync(Request(HuggingFaceId));

        Assert.True(answer.IsModelFallback);
        Assert.Equal(AkiModels.FallbackModel, answer.Model);
        Assert.Equal(unknownIdWarnings, _logs.Warnings.Count(warning => warning.Contains("is not a model AKI.IO serves", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StrictAcceptsAnIdOnlyTheLiveListNamesAndAsksForTheListOnce()
    {
        using AkiClient client = Client(ModelValidation.Strict);

        Message first = await client.Messages.CreateAsync(Request("deepseek-v3"));
        Message second = await client.Messages.CreateAsync(Request("DeepSeek-V3"));

        Assert.False(first.IsModelFallback);
        Assert.False(second.IsModelFallback);
        Assert.Equal(1, _mock.GetMatchCount(_list));
        Assert.Empty(_logs.Warnings);
    }

    [Fact]
    public async Task StrictReadsTheListAgainOnceItExpired()
    {
        var time = new FakeTimeProvider();
        using AkiClient client = Client(ModelValidation.Strict, time);

        await client.Messages.CreateAsync(Request("deepseek-v3"));
        time.Advance(client.Options.ModelCatalogLifetime);
        await client.Messages.CreateAsync(Request("deepseek-v3"));

        Assert.Equal(2, _mock.GetMatchCount(_list));
    }

    [Fact]
    public async Task StrictWithTheListDownAcceptsDocumentedIdsRefusesOthersAndLogsTheOutageOnce()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest list = mock.When(HttpMethod.Get, AnthropicList).Respond(HttpStatusCode.ServiceUnavailable);
        MockedRequest messages = mock.When(HttpMethod.Post, MessagesUrl).Respond("application/json", MessageFrom(AkiModels.Qwen36_35B));
        using AkiClient client = CreateClient(mock, logs: _logs, configure: options => options.ModelValidation = ModelValidation.Strict);

        for (int i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<AkiUnknownModelException>(() => client.Messages.CreateAsync(Request("deepseek-v3")));
            Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
        }

        Message answer = await client.Messages.CreateAsync(Request(AkiModels.Qwen36_35B));

        Assert.False(answer.IsModelFallback);
        Assert.Equal(1, mock.GetMatchCount(list));
        Assert.Equal(1, mock.GetMatchCount(messages));
        Assert.Contains("could not be loaded", Assert.Single(_logs.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrictWaitingForTheListHonoursTheCallersCancellation()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, AnthropicList).Respond(new HangingHandler());
        MockedRequest messages = mock.When(HttpMethod.Post, MessagesUrl).Respond("application/json", MessageFrom("deepseek-v3"));
        using AkiClient client = CreateClient(mock, configure: options => options.ModelValidation = ModelValidation.Strict);
        using var cancel = new CancellationTokenSource();

        Task<Message> pending = client.Messages.CreateAsync(Request("deepseek-v3"), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, mock.GetMatchCount(messages));
    }

    [Theory]
    [InlineData(ModelValidation.Warn)]
    [InlineData(ModelValidation.Strict)]
    public async Task AServedModelMismatchIsFlaggedAndLoggedButNeverThrown(ModelValidation mode)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, MessagesUrl).Respond("application/json", MessageFrom(AkiModels.MiniMaxM25_230B));
        using AkiClient client = CreateClient(mock, logs: _logs, configure: options => options.ModelValidation = mode);

        Message answer = await client.Messages.CreateAsync(Request(AkiModels.Llama3Chat70B));
        await client.Messages.CreateAsync(Request(AkiModels.Llama3Chat70B));

        Assert.True(answer.IsModelFallback);
        Assert.Equal(AkiModels.Llama3Chat70B, answer.RequestedModel);
        Assert.Equal(AkiModels.MiniMaxM25_230B, answer.Model);
        Assert.Equal("Hello.", answer.Text);
        string warning = Assert.Single(_logs.Warnings);
        Assert.Contains("'llama3-chat-70b' but 'minimax-m2.5-230b' answered", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OffFlagsAServedModelMismatchWithoutLogging()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, MessagesUrl).Respond("application/json", MessageFrom(AkiModels.MiniMaxM25_230B));
        using AkiClient client = CreateClient(mock, logs: _logs, configure: options => options.ModelValidation = ModelValidation.Off);

        Message answer = await client.Messages.CreateAsync(Request(AkiModels.Llama3Chat70B));

        Assert.True(answer.IsModelFallback);
        Assert.Empty(_logs.Warnings);
    }

    [Fact]
    public async Task AServerThatOmitsTheModelIsNotCalledAFallback()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, MessagesUrl).Respond("application/json", MessageFrom(string.Empty));
        using AkiClient client = CreateClient(mock, logs: _logs);

        Message answer = await client.Messages.CreateAsync(Request(AkiModels.Llama3Chat70B));

        Assert.False(answer.IsModelFallback);
        Assert.Empty(_logs.Warnings);
    }
}
