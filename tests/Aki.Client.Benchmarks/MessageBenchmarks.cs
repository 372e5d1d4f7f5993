using System.Text.Json;
using Aki.Client.Serialization;
using BenchmarkDotNet.Attributes;

namespace Aki.Client.Benchmarks;

/// <summary>A whole (non-streaming) answer: <c>CreateAsync</c> against deserializing the same bytes with the source-generated metadata alone.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class MessageBenchmarks
{
    private static readonly MessageRequest s_request = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Tell me a story.")] };
    private byte[] _body = [];
    private AkiClient _client = null!;

    [Params(4 * 1024, 400 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = StreamBodies.Message(Bytes);
        _client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, InMemoryHandler.Client(_body, "application/json"));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Baseline = true)]
    public Message? RawSourceGenerated() => JsonSerializer.Deserialize(_body, AkiJsonContext.Default.Message);

    [Benchmark]
    public Task<Message> CreateAsync() => _client.Messages.CreateAsync(s_request);
}
