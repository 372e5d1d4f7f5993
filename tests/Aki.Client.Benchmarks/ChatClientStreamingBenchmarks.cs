using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Aki.Client.Benchmarks;

/// <summary>
/// A streamed answer through the <see cref="IChatClient"/> adapter beside the native stream and the floor (the same
/// floor as <see cref="StreamingBenchmarks"/>: <see cref="SseParser"/> plus a reader that copies each delta's text).
/// Targets: the adapter at most 1.5x the floor in time and at most 600 B allocated per text delta.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChatClientStreamingBenchmarks
{
    private static readonly MessageRequest s_request = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Tell me a story.")] };
    private static readonly ChatMessage[] s_messages = [new(ChatRole.User, "Tell me a story.")];
    private readonly char[] _textBuffer = new char[4096];
    private byte[] _body = [];
    private AkiClient _client = null!;
    private IChatClient _chat = null!;

    [Params(200, 50_000)]
    public int TextDeltas { get; set; } = 200;

    [GlobalSetup]
    public void Setup()
    {
        _body = StreamBodies.Text(TextDeltas);
        _client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, InMemoryHandler.Client(_body, "text/event-stream"));
        _chat = _client.AsIChatClient(AkiModels.Gemma4_26B);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _chat.Dispose();
        _client.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Floor()
    {
        int characters = 0;
        SseParser<int> parser = SseParser.Create(new MemoryStream(_body, writable: false), (_, data) => FloorReader.CopyDeltaText(data, _textBuffer));
        await foreach (SseItem<int> item in parser.EnumerateAsync())
        {
            characters += item.Data;
        }

        return characters;
    }

    [Benchmark]
    public async Task<int> NativeStream()
    {
        int characters = 0;
        await foreach (MessageStreamEvent streamEvent in _client.Messages.StreamAsync(s_request))
        {
            if (streamEvent is ContentBlockDeltaEvent { Delta: TextDelta text })
            {
                characters += text.Text.Length;
            }
        }

        return characters;
    }

    [Benchmark]
    public async Task<int> ChatClientStream()
    {
        int characters = 0;
        await foreach (ChatResponseUpdate update in _chat.GetStreamingResponseAsync(s_messages))
        {
            characters += update.Text.Length;
        }

        return characters;
    }
}
