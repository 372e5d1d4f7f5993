using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Aki.Client.Testing;

namespace Aki.Client.Testing.Tests;

/// <summary>
/// The SDK's streaming path against the fixture server over real loopback sockets: complete streams for each starter
/// model, connections released on early exit, cancellation, and every injected fault as the SDK reports it.
/// </summary>
public sealed class StreamingOverSocketsTests : IAsyncLifetime
{
    private AkiFixtureServer _server = null!;

    public async Task InitializeAsync() => _server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ChunkSize = 7 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private AkiClient Client(string? scenario = null, HttpClient? http = null, ModelValidation validation = ModelValidation.Warn)
    {
        var options = new AkiClientOptions { ApiKey = "test", Endpoint = _server.BaseAddress, MaxRetries = 0, ModelValidation = validation };
        if (scenario is not null)
        {
            options.DefaultHeaders[AkiFixtureServer.ScenarioHeader] = scenario;
        }

        return new AkiClient(options, http);
    }

    private static MessageRequest Ask(string model, string text) => new() { Model = model, Messages = [MessageParam.User(text)] };

    [Fact]
    public async Task GemmaStreamsTextThatMatchesItsNonStreamingAnswer()
    {
        using AkiClient client = Client();
        MessageStream stream = client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "In one sentence: why does data residency in the EU matter?"));
        var text = new List<string>();
        await foreach (string delta in stream.TextAsync())
        {
            text.Add(delta);
        }

        Message final = await stream.GetFinalMessageAsync();
        Message whole = await client.Messages.CreateAsync(Ask(AkiModels.Gemma4_26B, "In one sentence: why does data residency in the EU matter?"));
        Assert.True(text.Count > 1);
        Assert.Equal(string.Concat(text), final.Text);
        Assert.Equal(whole.Text, final.Text);
        Assert.Equal(StopReason.EndTurn, final.StopReason);
        Assert.True(final.Usage.OutputTokens > 0, "usage from message_delta replaces the zeros of message_start");
        Assert.StartsWith("req_", stream.RequestId);
        Assert.Equal(stream.RequestId, final.RequestId);
    }

    [Fact]
    public async Task QwenStreamsThinkingWithItsSignatureBeforeTheAnswer()
    {
        using AkiClient client = Client();

        Message final = await client.Messages.StreamAsync(Ask(AkiModels.Qwen36_35B, "Why is the sky blue?")).GetFinalMessageAsync();

        ThinkingBlock thinking = Assert.IsType<ThinkingBlock>(final.Content[0]);
        Assert.False(string.IsNullOrEmpty(thinking.Thinking));
        Assert.False(string.IsNullOrEmpty(thinking.Signature));
        Assert.IsType<TextBlock>(final.Content[^1]);
    }

    [Fact]
    public async Task LlamaStreamsTwoParallelToolCallsWithParsedInputs()
    {
        using AkiClient client = Client();

        Message final = await client.Messages.StreamAsync(Ask(AkiModels.Llama3Chat70B, "Weather in Vienna and Graz?")).GetFinalMessageAsync();

        Assert.Equal(StopReason.ToolUse, final.StopReason);
        Assert.Equal(2, final.ToolUses.Count);
        Assert.All(final.ToolUses, call =>
        {
            Assert.False(call.IsInputIncomplete);
            Assert.Equal(JsonValueKind.Object, call.Input.ValueKind);
            Assert.StartsWith("chatcmpl-tool-", call.Id);
        });
        Assert.NotEqual(final.ToolUses[0].Id, final.ToolUses[1].Id);
    }

    [Fact]
    public async Task LeavingAStreamEarlyReleasesItsConnectionAcrossAThousandStreams()
    {
        // One connection at most: a stream that kept its connection would make the next one wait forever.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        using AkiClient client = Client(http: http);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < 1000; i++)
        {
            await foreach (MessageStreamEvent streamEvent in client.Messages.StreamAsync(Ask(AkiModels.MiniMaxM25_230B, "Hi"), timeout.Token))
            {
                Assert.IsType<MessageStartEvent>(streamEvent);
                break;
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task CancellingMidStreamStopsWithinAnEvent()
    {
        using AkiClient client = Client(AkiFixtureScenarios.SlowDrip);
        using var cancel = new CancellationTokenSource();
        int events = 0;
        var clock = Stopwatch.StartNew();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi"), cancel.Token))
            {
                events++;
                cancel.Cancel();
            }
        });

        Assert.Equal(1, events);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "a slow stream is left at once, not read to its end");
    }

    [Fact]
    public async Task ADroppedConnectionSurfacesAsATruncatedStreamWithThePartialMessage()
    {
        using AkiClient client = Client(AkiFixtureScenarios.ConnectionDrop);

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() =>
            client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi")).GetFinalMessageAsync());

        Assert.NotNull(error.PartialMessage);
        Assert.False(string.IsNullOrEmpty(error.PartialMessage!.Text));
        Assert.StartsWith("req_", error.RequestId);
    }

    [Fact]
    public async Task AStreamThatEndsBeforeMessageStopIsTruncated()
    {
        using AkiClient client = Client(AkiFixtureScenarios.StreamTruncated);

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() =>
            client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi")).GetFinalMessageAsync());

        Assert.Null(error.InnerException);
        Assert.False(string.IsNullOrEmpty(error.PartialMessage?.Text));
        Assert.Null(error.PartialMessage!.StopReason);
    }

    [Fact]
    public async Task AnErrorEventMidStreamThrowsTheApiErrorWithStatus200AndThePartialMessage()
    {
        using AkiClient client = Client(AkiFixtureScenarios.MidStreamError);
        var seen = new List<string>();

        AkiApiException error = await Assert.ThrowsAnyAsync<AkiApiException>(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi")))
            {
                seen.Add(streamEvent.Type);
            }
        });

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("internal_error", error.ErrorType?.Value);
        Assert.Contains("content_block_delta", seen);
        Assert.NotNull(error.PartialMessage);
        Assert.StartsWith("req_", error.RequestId);
    }

    [Theory]
    [InlineData(AkiFixtureScenarios.RateLimited, 429, 2.0)]
    [InlineData(AkiFixtureScenarios.Overloaded, 529, 1.0)]
    public async Task RateLimitsBeforeTheStreamStartsMapAsForCreate(string scenario, int status, double retryAfterSeconds)
    {
        using AkiClient client = Client(scenario);

        AkiRateLimitException error = await Assert.ThrowsAsync<AkiRateLimitException>(() =>
            client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi")).GetFinalMessageAsync());

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), error.RetryAfter);
        Assert.Null(error.PartialMessage);
    }

    [Fact]
    public async Task AnHtmlServerErrorIsReadableAndShort()
    {
        using AkiClient client = Client(AkiFixtureScenarios.ServerErrorHtml);

        AkiApiException error = await Assert.ThrowsAsync<AkiApiException>(() =>
            client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi")).GetFinalMessageAsync());

        Assert.Equal(500, error.StatusCode);
        Assert.Null(error.ErrorType);
        Assert.Contains("HTML page titled", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnOpenAIShapedBadRequestKeepsTheServersMessage()
    {
        using AkiClient client = Client(AkiFixtureScenarios.BadRequestOpenAIShape);

        AkiBadRequestException error = await Assert.ThrowsAsync<AkiBadRequestException>(() =>
            client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi")).GetFinalMessageAsync());

        Assert.Equal((int)HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.ServerMessage));
    }

    [Theory]
    [InlineData(ModelValidation.Warn)]
    [InlineData(ModelValidation.Strict)]
    public async Task AServedModelOtherThanTheRequestedOneIsFlaggedNotThrown(ModelValidation validation)
    {
        using AkiClient client = Client(AkiFixtureScenarios.ModelFallback, validation: validation);

        MessageStream stream = client.Messages.StreamAsync(Ask(AkiModels.Gemma4_26B, "Hi"));
        Message streamed = await stream.GetFinalMessageAsync();
        Message created = await client.Messages.CreateAsync(Ask(AkiModels.Gemma4_26B, "Hi"));

        Assert.True(stream.IsModelFallback);
        Assert.True(streamed.IsModelFallback);
        Assert.Equal(AkiModels.MiniMaxM25_230B, streamed.Model);
        Assert.True(created.IsModelFallback);
        Assert.Equal(AkiModels.Gemma4_26B, created.RequestedModel);
    }

    [Fact]
    public async Task StrictRefusesATypoBeforeAnythingIsSent()
    {
        using AkiClient client = Client(validation: ModelValidation.Strict);

        AkiUnknownModelException error = await Assert.ThrowsAsync<AkiUnknownModelException>(() =>
            client.Messages.StreamAsync(Ask("llama3-70b", "Hi")).GetFinalMessageAsync());

        Assert.Contains(AkiModels.Llama3Chat70B, error.Suggestions);
        Assert.Contains(AkiModels.MiniMaxM25_230B, error.Message, StringComparison.Ordinal);
    }
}
