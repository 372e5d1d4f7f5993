using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Streaming;

public class StreamingSmokeTests
{
    private const string Body =
        "event: message_start\n" +
        "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gemma4-26b\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\n" +
        "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\n" +
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hallo\"}}   \n\n" +
        "event: content_block_delta\n" +
        "data: {\"delta\":{\"text\":\", Welt \\u00e4\",\"type\":\"text_delta\"},\"type\":\"content_block_delta\",\"index\":0}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\n" +
        "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    [Fact]
    public async Task StreamYieldsTypedEventsAndAccumulatesTheMessage()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://aki.io/anthropic/v1/messages")
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StreamContent(ChunkedStream.Trickle(Encoding.UTF8.GetBytes(Body), async: true))
                {
                    Headers = { ContentType = new("text/event-stream") },
                },
            });
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k" }, mock.ToHttpClient());
        MessageStream stream = client.Messages.StreamAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] });

        var types = new List<string>();
        await foreach (MessageStreamEvent e in stream)
        {
            types.Add(e.Type);
        }

        Message final = await stream.GetFinalMessageAsync();
        Assert.Equal(["message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], types);
        Assert.Equal("Hallo, Welt ä", final.Text);
        Assert.Equal(StopReason.EndTurn, final.StopReason);
        Assert.Equal(12, final.Usage.InputTokens);
        Assert.Equal(7, final.Usage.OutputTokens);
        Assert.False(final.IsModelFallback);
    }
}
