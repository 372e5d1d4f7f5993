using System.Net;
using System.Text;
using CsCheck;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Properties;

/// <summary>
/// Whole bodies a server or proxy could send: arbitrary and truncated JSON, wrong types for known fields, huge
/// numbers, deep nesting, bytes that are not UTF-8. A 2xx is a message or an AkiUnexpectedResponseException; an
/// error status is its AkiApiException; nothing else escapes.
/// </summary>
public class BodyPropertyTests
{
    private const string Valid = """{"id":"msg_1","type":"message","role":"assistant","model":"gemma4-26b","content":[{"type":"text","text":"Grüße"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":[1,2]}},{"type":"thinking","thinking":"t","signature":"s"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":2,"cache_creation":{"ephemeral_5m_input_tokens":1}}}""";

    // Values that are wrong for the field they replace, or extreme for any.
    private static readonly string[] s_wrong =
    [
        "5", "\"x\"", "null", "true", "[]", "{}", "[1,\"a\",null]", "1e400", "-1e400", "99999999999999999999999", "0.5", "-0", "\"\\ud800\"", "\"\\u0000\"",
        "{\"type\":5}", "[{\"type\":\"text\",\"text\":5}]", "[{\"type\":\"tool_use\",\"id\":1,\"input\":\"x\"}]", "[{\"type\":null}]", "[{}]", "[5]",
    ];

    private static readonly string[] s_fields = ["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage", "input_tokens", "output_tokens", "text", "input", "signature", "cache_creation", "ephemeral_5m_input_tokens", "name"];

    private static readonly Gen<(uint[] Choices, int Status)> s_input = Gen.Select(Choices.Gen(8, 40), Gen.OneOf(200, 200, 200, 400, 401, 404, 413, 422, 429, 500, 502, 529, 418));

    /// <summary>What a server might send: the valid body mutated (a field's value swapped, cut, nested, not UTF-8) or something else entirely.</summary>
    internal static (byte[] Body, string Kind) Body(Choices c)
    {
        string json = Valid;
        switch (c.Next(9))
        {
            case 0:
                return (Encoding.UTF8.GetBytes(json[..c.Next(json.Length)]), "truncated");
            case 1:
            {
                string field = c.Pick(s_fields);
                int at = json.IndexOf("\"" + field + "\":", StringComparison.Ordinal);
                if (at < 0)
                {
                    return (Encoding.UTF8.GetBytes(json), "valid");
                }

                int valueStart = at + field.Length + 3;
                int valueEnd = ValueEnd(json, valueStart);
                return (Encoding.UTF8.GetBytes(json[..valueStart] + c.Pick(s_wrong) + json[valueEnd..]), "wrong type for " + field);
            }

            case 2:
            {
                int depth = c.Pick(10, 63, 64, 65, 200, 5000);
                string nested = new string('[', depth) + new string(']', depth);
                return (Encoding.UTF8.GetBytes(json.Replace("\"input\":{\"a\":[1,2]}", "\"input\":{\"a\":" + nested + "}", StringComparison.Ordinal)), $"nested {depth}");
            }

            case 3:
            {
                byte[] bytes = Encoding.UTF8.GetBytes(json);
                int at = json.IndexOf("Grüße", StringComparison.Ordinal) + 2;
                bytes[at] = c.Pick<byte>(0xFF, 0xC0, 0x80, 0xED);
                return (bytes, "not UTF-8");
            }

            case 4:
                return (Enumerable.Range(0, c.Next(200)).Select(_ => (byte)c.Next(256)).ToArray(), "random bytes");
            case 5:
                return (Encoding.UTF8.GetBytes(c.Pick("", " ", "null", "[]", "\"text\"", "0", "{", "}", "<html><title>Bad gateway</title></html>", "\uFEFF" + json, json + json, json + "garbage")), "other");
            case 6:
                return (Encoding.UTF8.GetBytes(c.Pick(
                    """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
                    """{"error":{"message":5,"type":{},"code":[1]}}""",
                    """{"detail":[{"loc":["body",5,null],"msg":7},{"loc":"x"},3]}""",
                    """{"detail":{"nested":[1]}}""",
                    """{"error":"flat"}""",
                    """{"message":null}""")), "error shape");
            case 7:
                return (Encoding.UTF8.GetBytes(json.Replace("\"Grüße\"", "\"" + new string('x', c.Pick(70_000, 200_000)) + "\"", StringComparison.Ordinal)), "large");
            default:
                return (Encoding.UTF8.GetBytes(json), "valid");
        }
    }

    [Fact]
    public Task AnyBodyIsAMessageOrATypedError() =>
        PropertyRun.CheckAsync(s_input, input => CheckAsync(input.Choices, input.Status), iterations: 400, fixedSeed: 3, print: input => $"HTTP {input.Status}, {Body(new Choices(input.Choices)).Kind}");

    [Fact]
    public Task AnyModelListBodyIsAListOrATypedError() =>
        PropertyRun.CheckAsync(s_input, async input =>
        {
            (byte[] body, _) = Body(new Choices(input.Choices));
            var mock = new MockHttpMessageHandler();
            mock.When("*").Respond(_ => Response((HttpStatusCode)input.Status, body));
            using var client = new AkiClient(new AkiClientOptions { ApiKey = MockAki.ApiKey, MaxRetries = 0 }, mock.ToHttpClient());

            Exception? failure = await Record.ExceptionAsync(() => client.Models.ListAsync());

            Assert.True(failure is null or AkiException, $"{failure?.GetType().FullName} escaped: {failure}");
        }, iterations: 150, fixedSeed: 4);

    private static async Task CheckAsync(uint[] choices, int status)
    {
        (byte[] body, string kind) = Body(new Choices(choices));
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => Response((HttpStatusCode)status, body));
        using var client = new AkiClient(new AkiClientOptions { ApiKey = MockAki.ApiKey, MaxRetries = 0 }, mock.ToHttpClient());

        Exception? failure = await Record.ExceptionAsync(() => client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] }));

        Assert.True(failure is null or AkiException, $"{failure?.GetType().FullName} escaped for a {kind} body: {failure}");
        if (status != 200)
        {
            AkiApiException error = Assert.IsAssignableFrom<AkiApiException>(failure);
            Assert.Equal(status, error.StatusCode);
            Assert.Equal("req_body", error.RequestId);
            Assert.True(error.RawBody is null || error.RawBody.Length <= 64 * 1024, $"RawBody of {error.RawBody?.Length} characters");
            Assert.True(error.Message.Length < 4096, $"a message of {error.Message.Length} characters");
            return;
        }

        if (failure is not null)
        {
            AkiUnexpectedResponseException unexpected = Assert.IsType<AkiUnexpectedResponseException>(failure);
            Assert.Equal("req_body", unexpected.RequestId);
            Assert.True(unexpected.Message.Length < 4096, $"a message of {unexpected.Message.Length} characters");
            if (kind == "not UTF-8")
            {
                Assert.Contains("not valid UTF-8", unexpected.Message, StringComparison.Ordinal);
            }
        }

        // Deeper than the reader's limit of 64: always the typed error, saying so. Within it: a message.
        if (kind is "nested 65" or "nested 200" or "nested 5000")
        {
            Assert.Contains("depth", Assert.IsType<AkiUnexpectedResponseException>(failure).Message, StringComparison.Ordinal);
        }
        else if (kind is "valid" or "nested 10" or "large")
        {
            Assert.Null(failure);
        }
    }

    private static HttpResponseMessage Response(HttpStatusCode status, byte[] body)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        response.Headers.TryAddWithoutValidation("request-id", "req_body");
        return response;
    }

    /// <summary>Where the JSON value starting at <paramref name="start"/> ends (strings, objects and arrays balanced).</summary>
    private static int ValueEnd(string json, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; i < json.Length; i++)
        {
            char ch = json[i];
            if (inString)
            {
                if (ch == '\\')
                {
                    i++;
                }
                else if (ch == '"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    if (depth == 0)
                    {
                        return i;
                    }

                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case ',' when depth == 0:
                    return i;
            }
        }

        return json.Length;
    }
}
