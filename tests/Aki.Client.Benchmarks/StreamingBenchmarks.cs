using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Aki.Client.Benchmarks;

/// <summary>
/// The streaming path against its floor, reading what users read. <b>Events</b>: <see cref="SseParser"/> plus a
/// <see cref="Utf8JsonReader"/> that copies each delta's text (or tool-argument fragment) into a reused buffer (no event
/// objects), against <c>await foreach</c> over <c>StreamAsync</c> reading each text delta's text (callers read tool
/// arguments whole, from the final message). <b>Final message</b>: the floor also joins
/// the text into one string and parses the joined tool arguments, against <c>GetFinalMessageAsync</c> reading
/// <see cref="Message.Text"/> and <see cref="ToolUseBlock.Input"/>. The SDK's side is the whole call: request, HTTP
/// plumbing, retries and deadlines, framing, typed events and the accumulated message.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StreamingBenchmarks
{
    private static readonly MessageRequest s_request = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Tell me a story.")] };
    private readonly char[] _textBuffer = new char[4096];
    private byte[] _body = [];
    private AkiClient _client = null!;

    [Params("text-200", "text-50000", "tool-2000", "tool-50000")]
    public string Case { get; set; } = "text-200";

    [GlobalSetup]
    public void Setup()
    {
        _body = Body(Case);
        _client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, InMemoryHandler.Client(_body, "text/event-stream"));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    public static byte[] Body(string name) => name switch
    {
        "text-200" => StreamBodies.Text(200),
        "text-50000" => StreamBodies.Text(50_000),
        "tool-2000" => StreamBodies.ToolUse(2_000),
        "tool-50000" => StreamBodies.ToolUse(50_000),
        _ => throw new InvalidOperationException(name),
    };

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Events")]
    public async Task<int> EventsFloor()
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
    [BenchmarkCategory("Events")]
    public async Task<int> EventsStreamAsync()
    {
        int characters = 0;
        await foreach (MessageStreamEvent streamEvent in _client.Messages.StreamAsync(s_request))
        {
            // What a caller shows as it arrives: the text. Tool arguments are read whole from the final message.
            characters += streamEvent is ContentBlockDeltaEvent { Delta: TextDelta text } ? text.Text.Length : 1;
        }

        return characters;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Final")]
    public async Task<int> FinalFloor()
    {
        var text = new ArrayBufferWriter<char>(4096);
        var json = new ArrayBufferWriter<byte>(4096);
        SseParser<int> parser = SseParser.Create(new MemoryStream(_body, writable: false), (_, data) => JoinDelta(data, text, json));
        await foreach (SseItem<int> unused in parser.EnumerateAsync())
        {
        }

        if (json.WrittenCount > 0)
        {
            using JsonDocument input = JsonDocument.Parse(json.WrittenMemory);
            return (int)input.RootElement.ValueKind;
        }

        return new string(text.WrittenSpan).Length;
    }

    [Benchmark]
    [BenchmarkCategory("Final")]
    public async Task<int> FinalGetFinalMessageAsync()
    {
        Message final = await _client.Messages.StreamAsync(s_request).GetFinalMessageAsync();
        return final.ToolUses.Count > 0 ? (int)final.ToolUses[0].Input.ValueKind : final.Text.Length;
    }

    /// <summary>Appends <c>delta.text</c> to the text, or <c>delta.partial_json</c> (unescaped, as UTF-8) to the JSON.</summary>
    private static int JoinDelta(ReadOnlySpan<byte> data, ArrayBufferWriter<char> text, ArrayBufferWriter<byte> json)
    {
        var reader = new Utf8JsonReader(data);
        int kind = FloorReader.FindDeltaValue(ref reader);
        int most = reader.ValueSpan.Length;
        int written;
        if (kind == 1)
        {
            written = reader.CopyString(text.GetSpan(most));
            text.Advance(written);
        }
        else if (kind == 2)
        {
            written = reader.CopyString(json.GetSpan(most));
            json.Advance(written);
        }
        else
        {
            written = 0;
        }

        return written;
    }
}
