using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Aki.Client.Benchmarks;

/// <summary>
/// The streaming path against its floor: <see cref="SseParser"/> plus a <see cref="Utf8JsonReader"/> that copies each
/// delta's text into a reused buffer, with no event objects. <c>StreamAsync</c> does the whole job: request, HTTP
/// plumbing, framing, typed events and the accumulated message.
/// </summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    private static readonly MessageRequest s_request = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Tell me a story.")] };
    private readonly char[] _textBuffer = new char[4096];
    private byte[] _body = [];
    private AkiClient _client = null!;

    [Params("text-200", "text-50000", "tool-json-2000")]
    public string Case { get; set; } = "text-200";

    [GlobalSetup]
    public void Setup()
    {
        _body = Case switch
        {
            "text-200" => StreamBodies.Text(200),
            "text-50000" => StreamBodies.Text(50_000),
            "tool-json-2000" => StreamBodies.ToolUse(2_000),
            _ => throw new InvalidOperationException(Case),
        };
        _client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, new HttpClient(new InMemoryHandler(_body, "text/event-stream")));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> Floor()
    {
        int characters = 0;
        SseParser<int> parser = SseParser.Create(new MemoryStream(_body, writable: false), (_, data) => CopyDeltaText(data));
        await foreach (SseItem<int> item in parser.EnumerateAsync())
        {
            characters += item.Data;
        }

        return characters;
    }

    [Benchmark]
    public async Task<int> StreamAsync()
    {
        MessageStream stream = _client.Messages.StreamAsync(s_request);
        int events = 0;
        await foreach (MessageStreamEvent streamEvent in stream)
        {
            events++;
        }

        Message final = await stream.GetFinalMessageAsync();
        return events + final.Content.Count;
    }

    /// <summary>Finds <c>delta.text</c> (or <c>delta.partial_json</c>) and copies it into a reused buffer.</summary>
    private int CopyDeltaText(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        int depth = 0;
        bool inDelta = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    inDelta = false;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("delta"u8):
                    inDelta = true;
                    break;
                case JsonTokenType.PropertyName when depth == 2 && inDelta && (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8)):
                    reader.Read();
                    return reader.CopyString(_textBuffer);
                case JsonTokenType.PropertyName:
                    break;
            }
        }

        return 0;
    }
}
