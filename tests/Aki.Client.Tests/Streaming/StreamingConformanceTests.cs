using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// Every stream of the shared conformance corpus (<c>AKI_CONFORMANCE_DIR</c>: real and hand-written streams of
/// Anthropic and of open-model servers) through the public API. Each must end the way its bytes say: complete,
/// with an error event (an <see cref="AkiApiException"/> of its <c>error.type</c>), or cut off (an
/// <see cref="AkiStreamTruncatedException"/> with the partial message). The PHP SDK's accumulator cases must fold
/// into a message that is a deep subset match of the <c>.json</c> beside them.
/// </summary>
public class StreamingConformanceTests
{
    private readonly ITestOutputHelper _output;

    public StreamingConformanceTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Streams() =>
        ConformanceCorpus.Cases(path => path.EndsWith(".sse", StringComparison.Ordinal) || (path.EndsWith(".txt", StringComparison.Ordinal) && !path.StartsWith("parser-vectors/", StringComparison.Ordinal)));

    public static TheoryData<string> AccumulatorCases() =>
        ConformanceCorpus.Cases(path => path.StartsWith("anthropic-sdk-php/ga/", StringComparison.Ordinal) && path.EndsWith(".txt", StringComparison.Ordinal));

    [RequiresEnvironmentTheory(ConformanceCorpus.Variable, ConformanceCorpus.What)]
    [MemberData(nameof(Streams))]
    public async Task CorpusStreamEndsAsItsBytesSay(string file)
    {
        string path = ConformanceCorpus.Resolve(file, _output);

        Capture capture = Capture.Read(path, isHttpCapture: file.StartsWith("anthropic-sdk-php/", StringComparison.Ordinal) && file.EndsWith(".txt", StringComparison.Ordinal));
        Expectation expectation = Expectation.Of(capture.Body);
        using var harness = new StreamingHarness(() => capture.Response(seed: file.Length));
        MessageStream stream = harness.Stream();
        var events = new List<MessageStreamEvent>();

        Exception? failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (MessageStreamEvent streamEvent in stream)
            {
                events.Add(streamEvent);
            }
        });

        switch (expectation.Outcome)
        {
            case Outcome.Complete:
                Assert.Null(failure);
                Message message = await stream.GetFinalMessageAsync();
                Assert.Equal(expectation.Blocks, message.Content.Count);
                Assert.NotNull(message.StopReason);
                Assert.Equal("message", message.Type);
                Assert.Equal(MessageRole.Assistant, message.Role);
                Assert.Equal(capture.RequestId, message.RequestId);
                break;
            case Outcome.ErrorEvent:
                AkiApiException error = Assert.IsAssignableFrom<AkiApiException>(failure);
                Assert.Equal(200, error.StatusCode);
                Assert.Equal(expectation.ErrorType, error.ErrorType?.Value);
                Assert.Equal(capture.RequestId, error.RequestId);
                Assert.Equal(expectation.Started, error.PartialMessage is not null);
                break;
            default:
                AkiStreamTruncatedException truncated = Assert.IsType<AkiStreamTruncatedException>(failure);
                Assert.NotNull(truncated.PartialMessage);
                break;
        }

        Assert.Equal(expectation.Yielded, events.Count);
    }

    [RequiresEnvironmentTheory(ConformanceCorpus.Variable, ConformanceCorpus.What)]
    [MemberData(nameof(AccumulatorCases))]
    public async Task PhpAccumulatorCaseFoldsIntoItsExpectedMessage(string file)
    {
        string path = ConformanceCorpus.Resolve(file, _output);

        Capture capture = Capture.Read(path, isHttpCapture: true);
        JsonNode expected = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(path, ".json")))!;
        using var harness = new StreamingHarness(() => capture.Response(seed: 7));

        Message message = await harness.Stream().GetFinalMessageAsync();

        JsonSubset.AssertDeepSubset(expected, MessageSnapshot.Of(message));
    }

    private enum Outcome
    {
        Complete,
        ErrorEvent,
        Truncated,
    }

    /// <summary>A corpus stream: the SSE body, and for raw HTTP captures the head's content type and request id.</summary>
    private sealed record Capture(byte[] Body, string ContentType, string? RequestId)
    {
        public static Capture Read(string path, bool isHttpCapture)
        {
            byte[] raw = File.ReadAllBytes(path);
            if (!isHttpCapture)
            {
                return new Capture(raw, "text/event-stream", null);
            }

            // "HTTP/1.1 200 OK", headers, a blank line, then the SSE body.
            int headEnd = raw.AsSpan().IndexOf("\n\n"u8);
            Assert.True(headEnd > 0, $"{path} has no blank line after its HTTP head.");
            string[] head = Encoding.UTF8.GetString(raw, 0, headEnd).Split('\n');
            Assert.StartsWith("HTTP/1.1 200", head[0]);
            var headers = head.Skip(1)
                .Select(line => line.Split(':', 2))
                .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
            return new Capture(raw[(headEnd + 2)..], headers["content-type"], headers.GetValueOrDefault("request-id"));
        }

        public HttpResponseMessage Response(int seed)
        {
            HttpResponseMessage response = StreamingHarness.SseResponse(ChunkedStream.Random(Body, seed, maxChunk: 256, async: true), RequestId);
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            return response;
        }
    }

    /// <summary>
    /// What a stream's bytes promise, read with a plain line scan independent of the SDK: how many events the API
    /// yields (pings and unknown events included, <c>[DONE]</c> and the error event not), how many content blocks
    /// start, whether a message started, whether an error event or <c>message_stop</c> ends it.
    /// </summary>
    private sealed record Expectation(Outcome Outcome, int Yielded, int Blocks, bool Started, string? ErrorType)
    {
        public static Expectation Of(byte[] body)
        {
            int yielded = 0;
            int blocks = 0;
            bool stopped = false;
            string? name = null;
            foreach (string line in Encoding.UTF8.GetString(body).Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line["event:".Length..].Trim();
                }

                if (!line.StartsWith("data:", StringComparison.Ordinal) || line.Trim() == "data: [DONE]")
                {
                    continue;
                }

                JsonElement? data = TryParse(line["data:".Length..]);
                string? type = data is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("type", out JsonElement t) ? t.GetString() : null;
                if (name == "error" || type == "error")
                {
                    // An error event's data need not be JSON (Bedrock sends "data: ThrottlingException").
                    string? errorType = data is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.Object
                        && e.TryGetProperty("type", out JsonElement et) ? et.GetString() : null;
                    return new Expectation(Outcome.ErrorEvent, yielded, blocks, yielded > 0, errorType);
                }

                yielded++;
                blocks += type == "content_block_start" ? 1 : 0;
                stopped |= type == "message_stop";
                name = null;
            }

            return new Expectation(stopped ? Outcome.Complete : Outcome.Truncated, yielded, blocks, yielded > 0, null);
        }

        private static JsonElement? TryParse(string json)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(json);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
