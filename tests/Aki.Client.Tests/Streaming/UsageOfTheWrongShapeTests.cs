namespace Aki.Client.Tests.Streaming;

/// <summary>
/// A message_delta whose usage carries a modelled field of the wrong shape (found by the stream property test): not
/// a raw JsonException out of the stream, and not lost either; the value stays as the server sent it.
/// </summary>
public class UsageOfTheWrongShapeTests
{
    [Theory]
    [InlineData("\"cache_creation\":{\"ephemeral_5m_input_tokens\":\"x\"}", "cache_creation")]
    [InlineData("\"cache_creation\":[1]", "cache_creation")]
    [InlineData("\"service_tier\":5", "service_tier")]
    public async Task TheStreamCompletesAndKeepsTheValueAsExtensionData(string field, string name)
    {
        string body = TestStreams.Start("Hi")
            + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3," + field + "}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        using StreamingHarness harness = StreamingHarness.ForBody(body);

        Message message = await harness.Stream().GetFinalMessageAsync();

        Assert.Equal("Hi", message.Text);
        Assert.Equal(3, message.Usage!.OutputTokens);
        Assert.True(message.Usage.AdditionalProperties!.ContainsKey(name));
    }
}
