using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Models;

/// <summary>AKI.IO answers unknown model ids with MiniMax M2.5; the guard makes that visible or impossible.</summary>
public class ModelGuardTests
{
    [Fact]
    public async Task StrictRefusesAnUnknownIdBeforeSendingAndSuggestsTheClosestKnownOne()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.ModelValidation = ModelValidation.Strict);

        AkiUnknownModelException e = await Assert.ThrowsAsync<AkiUnknownModelException>(() => client.Messages.CreateAsync(TestRequests.Hello("llama3-70b")));

        Assert.Equal("llama3-70b", e.Model);
        Assert.Contains(AkiModels.Llama3Chat70B, e.Suggestions);
        Assert.Equal(AkiModels.Llama3Chat70B, e.Suggestions[0]);
        Assert.Contains("'llama3-chat-70b'", e.Message, StringComparison.Ordinal);
        Assert.Contains(AkiModels.FallbackModel, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mock.Requests, request => request.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task StrictRefusesAHuggingFaceStyleId()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.ModelValidation = ModelValidation.Strict);

        AkiUnknownModelException e = await Assert.ThrowsAsync<AkiUnknownModelException>(
            () => client.Messages.CreateAsync(TestRequests.Hello("meta-llama/Llama-3.3-70B-Instruct")));

        Assert.Equal("meta-llama/Llama-3.3-70B-Instruct", e.Model);
        Assert.Contains("is not a model AKI.IO serves", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mock.Requests, request => request.Method == HttpMethod.Post);
    }

    [Theory]
    [InlineData(AkiModels.Gemma4Chat26B)]
    [InlineData(AkiModels.Qwen36Chat35B)]
    [InlineData("GEMMA4-26B")]
    [InlineData("Llama3-Chat-70B")]
    [InlineData(AkiModels.MiniMaxM25_230B)]
    public async Task StrictLetsKnownIdsAliasesAndCaseVariantsThrough(string model)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.ModelValidation = ModelValidation.Strict);

        await client.Messages.CreateAsync(TestRequests.Hello(model));

        Assert.Equal(model, JsonAssert.Property(mock.SingleRequest.Body!, "model").GetValue<string>());
    }

    [Fact]
    public async Task WarnSendsTheRequestAndLogsOncePerUnknownId()
    {
        using var mock = new MockAki();
        var logs = new RecordingLoggerFactory();
        using AkiClient client = mock.CreateClient(o =>
        {
            o.ModelValidation = ModelValidation.Warn;
            o.LoggerFactory = logs;
        });

        await client.Messages.CreateAsync(TestRequests.Hello("llama3-70b"));
        await client.Messages.CreateAsync(TestRequests.Hello("llama3-70b"));
        await client.Messages.CreateAsync(TestRequests.Hello("qwen-35b"));

        Assert.Equal(3, mock.Requests.Count);
        LogEntry[] unknown = logs.Warnings.Where(w => w.Message.Contains("is not a model AKI.IO serves", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, unknown.Length);
        Assert.Contains("'llama3-70b'", unknown[0].Message, StringComparison.Ordinal);
        Assert.Contains("llama3-chat-70b", unknown[0].Message, StringComparison.Ordinal);
        Assert.Contains("'qwen-35b'", unknown[1].Message, StringComparison.Ordinal);
        Assert.All(logs.Entries, e => Assert.Equal("Aki.Client", e.Category));
    }

    [Fact]
    public void WarnIsTheDefault()
    {
        Assert.Equal(ModelValidation.Warn, new AkiClientOptions().ModelValidation);
    }

    [Fact]
    public async Task WarnDoesNotLogForKnownIdsThatAreServedAsAsked()
    {
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hi"));
        var logs = new RecordingLoggerFactory();
        using AkiClient client = mock.CreateClient(o => o.LoggerFactory = logs);

        await client.Messages.CreateAsync(TestRequests.Hello(AkiModels.Gemma4Chat26B));

        Assert.Empty(logs.Entries);
    }

    [Fact]
    public async Task OffSendsUnknownIdsWithoutLogging()
    {
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, TestResponses.Text(AkiModels.MiniMaxM25_230B, "Hi"));
        var logs = new RecordingLoggerFactory();
        using AkiClient client = mock.CreateClient(o =>
        {
            o.ModelValidation = ModelValidation.Off;
            o.LoggerFactory = logs;
        });

        Message message = await client.Messages.CreateAsync(TestRequests.Hello("llama3-70b"));

        Assert.Single(mock.Requests);
        Assert.Empty(logs.Entries);
        Assert.True(message.IsModelFallback);
    }

    [Fact]
    public async Task ServedFallbackIsLoggedOncePerRequestedAndServedPair()
    {
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, TestResponses.Text(AkiModels.MiniMaxM25_230B, "Hi"));
        var logs = new RecordingLoggerFactory();
        using AkiClient client = mock.CreateClient(o => o.LoggerFactory = logs);

        Message first = await client.Messages.CreateAsync(TestRequests.Hello(AkiModels.Gemma4_26B));
        Message second = await client.Messages.CreateAsync(TestRequests.Hello(AkiModels.Gemma4_26B));

        Assert.True(first.IsModelFallback);
        Assert.True(second.IsModelFallback);
        LogEntry warning = Assert.Single(logs.Warnings);
        Assert.Contains("Model fallback", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'gemma4-26b'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'minimax-m2.5-230b'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrictStillReturnsAFallbackAnswerButFlagsIt()
    {
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, TestResponses.Text(AkiModels.MiniMaxM25_230B, "Hi"));
        using AkiClient client = mock.CreateClient(o => o.ModelValidation = ModelValidation.Strict);

        Message message = await client.Messages.CreateAsync(TestRequests.Hello(AkiModels.Qwen36_35B));

        Assert.True(message.IsModelFallback);
    }

    [Fact]
    public async Task GuardStateIsPerClient()
    {
        var logs = new RecordingLoggerFactory();
        using var mock = new MockAki();
        using AkiClient first = mock.CreateClient(o => o.LoggerFactory = logs);
        using AkiClient second = mock.CreateClient(o => o.LoggerFactory = logs);

        await first.Messages.CreateAsync(TestRequests.Hello("llama3-70b"));
        await second.Messages.CreateAsync(TestRequests.Hello("llama3-70b"));

        Assert.Equal(2, logs.Warnings.Count(w => w.Message.StartsWith("'llama3-70b' is not a model AKI.IO serves", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(AkiModels.Gemma4_26B, 262_144, 32_768)]
    [InlineData(AkiModels.Gemma4Chat26B, 262_144, 32_768)]
    [InlineData(AkiModels.ApertusChat70B, 65_536, 8_192)]
    [InlineData(AkiModels.MiniMaxM25_230B, 204_800, 8_192)]
    [InlineData("QWEN3.6-CHAT-35B", 262_144, 32_768)]
    public void DocumentedLimitsAreKnownForIdsAndAliases(string model, int context, int output)
    {
        Assert.Equal(new ModelLimits(context, output), AkiModels.GetLimits(model));
        Assert.True(AkiModels.IsKnown(model));
    }

    [Fact]
    public void UnknownIdsHaveNoLimits()
    {
        Assert.Null(AkiModels.GetLimits("llama3-70b"));
        Assert.False(AkiModels.IsKnown("llama3-70b"));
        Assert.Equal(AkiModels.DefaultMaxTokens, AkiModels.GetDefaultMaxTokens("llama3-70b"));
    }
}
