using Aki.Client.ChatClient;
using Aki.Client.Tests.Streaming;
using Microsoft.Extensions.AI;

namespace Aki.Client.Tests.ChatClient;

/// <summary>
/// The project's recorded streams through <c>GetStreamingResponseAsync</c>, delivered in random chunks: the updates
/// come as the deltas do, and folded with <c>ToChatResponse()</c> they equal the non-streaming mapping of the same answer.
/// </summary>
public sealed class StreamingMappingTests
{
    private static readonly string[] s_deliveries = ["whole", "trickle", "random:11:7", "random:1789:400"];

    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in StreamFixtures.Names)
        {
            foreach (string delivery in s_deliveries)
            {
                data.Add(name, delivery);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task FoldedUpdatesEqualTheNonStreamingMapping(string fixture, string delivery)
    {
        byte[] bytes = StreamFixtures.Read(fixture);
        using var harness = StreamingHarness.ForBody(() => StreamFixtures.Deliver(bytes, delivery, asyncReads: true));
        IChatClient chat = harness.Client.AsIChatClient(AkiModels.Gemma4_26B);

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Wie ist das Wetter?"))
        {
            updates.Add(update);
        }

        Message native = await harness.Client.Messages.StreamAsync(StreamingHarness.Request()).GetFinalMessageAsync();
        ChatResponse expected = ChatResponseMapper.ToChatResponse(native, outputToolName: null, DateTimeOffset.UtcNow);

        Assert.Equal(ChatProjection.Of(expected), ChatProjection.Of(updates.ToChatResponse()));
        Assert.All(updates, update =>
        {
            Assert.Equal(native.Id, update.ResponseId);
            Assert.Equal(native.Id, update.MessageId);
            Assert.Equal(native.Model, update.ModelId);
            Assert.Equal(ChatRole.Assistant, update.Role);
            Assert.IsAssignableFrom<MessageStreamEvent>(update.RawRepresentation);
        });
        Assert.All(updates.SkipLast(1), update => Assert.Null(update.FinishReason));
        Assert.NotNull(updates[^1].FinishReason);
        Assert.Equal(expected.FinishReason, updates[^1].FinishReason);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(StreamingHarness.RequestId, updates[^1].AdditionalProperties![AkiChatResponseProperties.RequestId]);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryTextAndThinkingDeltaIsItsOwnUpdateAndEveryToolCallComesOnce(string fixture, string delivery)
    {
        byte[] bytes = StreamFixtures.Read(fixture);
        using var harness = StreamingHarness.ForBody(() => StreamFixtures.Deliver(bytes, delivery, asyncReads: true));
        IChatClient chat = harness.Client.AsIChatClient(AkiModels.Gemma4_26B);

        var nativeDeltas = new List<string>();
        await foreach (MessageStreamEvent e in harness.Stream())
        {
            if (e is ContentBlockStartEvent { ContentBlock: TextBlock { Text.Length: > 0 } start })
            {
                nativeDeltas.Add("text:" + start.Text);
            }
            else if (e is ContentBlockDeltaEvent { Delta: TextDelta text })
            {
                nativeDeltas.Add("text:" + text.Text);
            }
            else if (e is ContentBlockDeltaEvent { Delta: ThinkingDelta thinking })
            {
                nativeDeltas.Add("thinking:" + thinking.Thinking);
            }
        }

        Message native = await harness.Client.Messages.StreamAsync(StreamingHarness.Request()).GetFinalMessageAsync();

        var adapterDeltas = new List<string>();
        var calls = new List<FunctionCallContent>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Wie ist das Wetter?"))
        {
            foreach (AIContent content in update.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        Assert.True(update.RawRepresentation is ContentBlockDeltaEvent or ContentBlockStartEvent);
                        adapterDeltas.Add("text:" + text.Text);
                        break;
                    case TextReasoningContent { ProtectedData: null } reasoning:
                        adapterDeltas.Add("thinking:" + reasoning.Text);
                        break;
                    case FunctionCallContent call:
                        calls.Add(call);
                        break;
                }
            }
        }

        Assert.Equal(nativeDeltas, adapterDeltas);
        // Interleaved calls come as each completes, so the order may differ from the blocks'; each comes exactly once.
        Assert.Equal(native.ToolUses.Select(t => t.Id).Order(), calls.Select(c => c.CallId).Order());
    }

    [Fact]
    public async Task AStreamThatFailsSurfacesTheNativeException()
    {
        const string Body = """
            event: message_start
            data: {"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","model":"gemma4-26b","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial"}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """;
        using var harness = StreamingHarness.ForBody(Body.Replace("\r\n", "\n"));
        IChatClient chat = harness.Client.AsIChatClient(AkiModels.Gemma4_26B);
        var texts = new List<string>();

        Exception nativeError = await Record.ExceptionAsync(async () =>
        {
            await foreach (MessageStreamEvent e in harness.Stream())
            {
            }
        });
        Exception adapterError = await Record.ExceptionAsync(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("x"))
            {
                texts.Add(update.Text);
            }
        });

        Assert.NotNull(nativeError);
        Assert.IsType(nativeError.GetType(), adapterError);
        Assert.IsAssignableFrom<AkiException>(adapterError);
        Assert.Contains("Partial", texts);
    }

    [Fact]
    public async Task StructuredAnswersStreamAsText()
    {
        const string Body = """
            event: message_start
            data: {"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","model":"gemma4-26b","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"call_1","name":"json_response","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\"Wien\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}

            event: message_stop
            data: {"type":"message_stop"}


            """;
        using var harness = StreamingHarness.ForBody(Body.Replace("\r\n", "\n"));
        IChatClient chat = harness.Client.AsIChatClient(AkiModels.Gemma4_26B);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("x", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }))
        {
            updates.Add(update);
        }

        Assert.Equal(["{\"city\": ", "\"Wien\"}"], updates.Where(u => u.Contents.OfType<TextContent>().Any()).Select(u => u.Text));
        ChatResponse folded = updates.ToChatResponse();
        Assert.Equal("{\"city\": \"Wien\"}", folded.Text);
        Assert.Equal(ChatFinishReason.Stop, folded.FinishReason);
        Assert.Empty(folded.Messages[0].Contents.OfType<FunctionCallContent>());
    }

    private const string ShortAnswer = """
        event: message_start
        data: {"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","model":"gemma4-26b","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}

        event: message_stop
        data: {"type":"message_stop"}


        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EachEnumerationSendsItsOwnRequestWhenFirstMoved(bool asyncReads)
    {
        using var harness = StreamingHarness.ForBody(ShortAnswer.Replace("\r\n", "\n"), asyncReads);
        IChatClient chat = harness.Client.AsIChatClient(AkiModels.Gemma4_26B);

        IAsyncEnumerable<ChatResponseUpdate> updates = chat.GetStreamingResponseAsync("Hi");
        Assert.Empty(harness.Requests);

        for (int round = 1; round <= 2; round++)
        {
            var texts = new List<string>();
            ChatFinishReason? finish = null;
            await foreach (ChatResponseUpdate update in updates)
            {
                texts.Add(update.Text);
                finish ??= update.FinishReason;
            }

            Assert.Equal(round, harness.Requests.Count);
            Assert.Equal("Hello.", string.Concat(texts));
            Assert.Equal(ChatFinishReason.Stop, finish);
        }
    }

    [Fact]
    public async Task ARefusedRequestFailsWhereTheCallerAwaitsAndSendsNothing()
    {
        using var harness = StreamingHarness.ForBody(ShortAnswer.Replace("\r\n", "\n"));
        IChatClient chat = harness.Client.AsIChatClient(defaultModelId: null);

        IAsyncEnumerator<ChatResponseUpdate> updates = chat.GetStreamingResponseAsync("Hi").GetAsyncEnumerator();
        ValueTask<bool> move = updates.MoveNextAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await move);
        await updates.DisposeAsync();
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task AnEnumeratorTokenAlreadyCancelledSendsNothing()
    {
        using var harness = StreamingHarness.ForBody(ShortAnswer.Replace("\r\n", "\n"));
        IChatClient chat = harness.Client.AsIChatClient(AkiModels.Gemma4_26B);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Hi").WithCancellation(cancelled.Token))
            {
            }
        });
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task LeavingEarlyReleasesTheResponse()
    {
        var body = new TrackingStream(System.Text.Encoding.UTF8.GetBytes(ShortAnswer.Replace("\r\n", "\n")));
        using var harness = StreamingHarness.ForBody(() => body);
        IChatClient chat = harness.Client.AsIChatClient(AkiModels.Gemma4_26B);

        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Hi"))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        Assert.True(body.Disposed);
    }

    private sealed class TrackingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
