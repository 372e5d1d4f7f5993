using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Aki.Client.Benchmarks;

/// <summary>
/// The SDK's fixed cost per streamed call: a stream of one short text delta read with <c>StreamAsync</c>, against the
/// floor reading the same body. The difference is what a call costs before its first delta (request, HTTP plumbing,
/// deadlines, the events around the text).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FixedCostBenchmarks
{
    private static readonly MessageRequest s_request = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi.")] };
    private readonly char[] _textBuffer = new char[256];
    private byte[] _body = [];
    private AkiClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = StreamBodies.Text(1);
        _client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, InMemoryHandler.Client(_body, "text/event-stream"));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> OneDeltaFloor()
    {
        int characters = 0;
        SseParser<int> parser = SseParser.Create(new MemoryStream(_body, writable: false), (_, data) =>
        {
            var reader = new Utf8JsonReader(data);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    return reader.CopyString(_textBuffer);
                }
            }

            return 0;
        });
        await foreach (SseItem<int> item in parser.EnumerateAsync())
        {
            characters += item.Data;
        }

        return characters;
    }

    [Benchmark]
    public async Task<int> OneDeltaStreamAsync()
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
}
