using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// Bytes that are not UTF-8 where JSON strings belong (a Latin-1 "ü", a lone continuation byte, a cut-off sequence):
/// always the SDK's typed error, saying so, with what had arrived.
/// </summary>
public class InvalidUtf8Tests
{
    private static readonly byte[][] s_invalid = [[0xFC], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF]];

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < s_invalid.Length; i++)
        {
            data.Add(i, "text_delta");
            data.Add(i, "input_json_delta");
            data.Add(i, "thinking_delta");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task InvalidUtf8InADeltaIsATypedErrorWithThePartialMessageAndRequestId(int invalid, string deltaType)
    {
        (string blockType, string field, string startField) = deltaType switch
        {
            "text_delta" => ("text", "text", "\"text\":\"\""),
            "input_json_delta" => ("tool_use", "partial_json", "\"id\":\"call_1\",\"name\":\"f\",\"input\":{}"),
            _ => ("thinking", "thinking", "\"thinking\":\"\""),
        };
        byte[] body = Concat(
            TestStreams.Start("Hallo "),
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            $"event: content_block_start\ndata: {{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{{\"type\":\"{blockType}\",{startField}}}}}\n\n",
            $"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{{\"type\":\"{deltaType}\",\"{field}\":\"Gr",
            s_invalid[invalid],
            "n\"}}\n\n",
            TestStreams.End);
        using StreamingHarness harness = StreamingHarness.ForBody(() => new MemoryStream(body));

        AkiException error = await Assert.ThrowsAnyAsync<AkiException>(async () =>
        {
            await foreach (MessageStreamEvent _ in harness.Stream())
            {
            }
        });

        Assert.IsType<AkiUnexpectedResponseException>(error);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(StreamingHarness.RequestId, error.RequestId);
        Assert.NotNull(error.PartialMessage);
        Assert.Equal("Hallo ", Assert.IsType<TextBlock>(error.PartialMessage!.Content[0]).Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task InvalidUtf8InAWholeMessageSaysTheBodyIsNotUtf8(int invalid)
    {
        byte[] body = Concat(
            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gemma4-26b\",\"content\":[{\"type\":\"text\",\"text\":\"Gr",
            s_invalid[invalid],
            "n\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}");
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response.Headers.TryAddWithoutValidation("request-id", "req_utf8");
            return response;
        });
        using var client = new AkiClient(new AkiClientOptions { ApiKey = MockAki.ApiKey, MaxRetries = 0 }, mock.ToHttpClient());

        AkiUnexpectedResponseException error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() =>
            client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] }));

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be converted", error.Message, StringComparison.Ordinal);
        Assert.Equal("req_utf8", error.RequestId);
    }

    private static byte[] Concat(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (object part in parts)
        {
            bytes.AddRange(part is string text ? Encoding.UTF8.GetBytes(text) : (byte[])part);
        }

        return bytes.ToArray();
    }
}
