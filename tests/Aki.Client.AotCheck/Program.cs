using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aki.Client;
using Microsoft.Extensions.AI;

// What a trimmed or native-AOT app does with the IChatClient adapter: a tool loop with AIFunctionFactory and
// source-generated options, and a typed answer through a JsonSerializerContext. The answers come from an in-memory
// handler, so the published app runs anywhere; it prints "ok" when every step gave what it should.
JsonSerializerOptions json = new(CheckJson.Default.Options) { TypeInfoResolver = JsonTypeInfoResolverChain() };

using var client = new AkiClient(new AkiClientOptions { ApiKey = "check", MaxRetries = 0 }, new HttpClient(new CannedAnswers()));
using IChatClient chat = client.AsIChatClient(AkiModels.Gemma4_26B).AsBuilder().UseFunctionInvocation().Build();

AIFunction weather = AIFunctionFactory.Create(
    (string city) => new Forecast(city, 12),
    new AIFunctionFactoryOptions { Name = "get_weather", Description = "Weather.", SerializerOptions = json });
ChatResponse loop = await chat.GetResponseAsync("Weather in Vienna?", new ChatOptions { Tools = [weather] });

ChatResponse<Forecast> typed = await chat.GetResponseAsync<Forecast>("Forecast for Graz.", json);

await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("Stream it."))
{
    Console.Write(update.Text);
}

Console.WriteLine();
bool ok = loop.Text == "12 degrees in Vienna." && typed.Result == new Forecast("Graz", 9);
Console.WriteLine(ok ? "ok" : $"unexpected: '{loop.Text}', {typed.Text}");
return ok ? 0 : 1;

static System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver JsonTypeInfoResolverChain() =>
    System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(CheckJson.Default, AIJsonUtilities.DefaultOptions.TypeInfoResolver!);

internal sealed record Forecast(string City, int Celsius);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Forecast))]
internal sealed partial class CheckJson : JsonSerializerContext;

/// <summary>Answers each request by what it asks: a tool call, the answer after the tool result, a typed answer, a stream.</summary>
internal sealed class CannedAnswers : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = await request.Content!.ReadAsStringAsync(cancellationToken);
        string answer;
        string contentType = "application/json";
        if (body.Contains("\"stream\":true", StringComparison.Ordinal))
        {
            contentType = "text/event-stream";
            answer = """
                event: message_start
                data: {"type":"message_start","message":{"id":"m3","type":"message","role":"assistant","model":"gemma4-26b","content":[],"usage":{"input_tokens":1,"output_tokens":0}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"streamed"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}

                event: message_stop
                data: {"type":"message_stop"}


                """.Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        else if (body.Contains("\"tool_result\"", StringComparison.Ordinal))
        {
            answer = Message("""[{"type":"text","text":"12 degrees in Vienna."}]""", "end_turn");
        }
        else if (body.Contains("\"Forecast\"", StringComparison.Ordinal))
        {
            answer = Message("""[{"type":"tool_use","id":"t2","name":"Forecast","input":{"city":"Graz","celsius":9}}]""", "tool_use");
        }
        else
        {
            answer = Message("""[{"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Vienna"}}]""", "tool_use");
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer, Encoding.UTF8, contentType) };
    }

    private static string Message(string content, string stopReason) =>
        $$$"""{"id":"m","type":"message","role":"assistant","model":"gemma4-26b","content":{{{content}}},"stop_reason":"{{{stopReason}}}","usage":{"input_tokens":1,"output_tokens":1}}""";
}
