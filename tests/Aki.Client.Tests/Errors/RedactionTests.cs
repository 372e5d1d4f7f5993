using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Errors;

/// <summary>
/// No fragment of the key in any text the SDK keeps (RawBody, Message, BodyExcerpt), wherever a cut falls across it;
/// and no redaction of keys too short to be secrets, nor of the SDK's own wording.
/// </summary>
public class RedactionTests
{
    // 33 characters whose 3-grams occur nowhere in the SDK's wording, so any fragment that survives is found.
    private const string Key = "QxZ9kWq7VbJ2mPz4XcR8tLy6NfH3gDsQj";

    public static TheoryData<int, int> CutsAcrossTheKey()
    {
        var data = new TheoryData<int, int>();
        foreach (int cut in new[] { 4 * 1024, 64 * 1024, 1024 })
        {
            for (int before = 0; before <= Key.Length; before++)
            {
                data.Add(cut, before);
            }
        }

        return data;
    }

    /// <summary>
    /// A body whose key starts <paramref name="before"/> characters before the cut at <paramref name="cut"/>. The filler
    /// is one long tag, so the excerpt (tags stripped) starts with the key.
    /// </summary>
    private static string BodyAcross(int cut, int before) =>
        "<" + new string('a', cut - before - 2) + ">" + Key + " and the rest of the page";

    [Theory]
    [MemberData(nameof(CutsAcrossTheKey))]
    public async Task NoFragmentOfTheKeySurvivesACutAcrossIt(int cut, int before)
    {
        string body = BodyAcross(cut, before);
        AkiException error = cut switch
        {
            // Error bodies are kept up to 64 KiB.
            64 * 1024 => await FailAsync(HttpStatusCode.InternalServerError, "text/html", body, stream: false),
            // A 2xx that is not a message: the excerpt reads the first 4 KiB.
            4 * 1024 => await FailAsync(HttpStatusCode.OK, "text/html", body, stream: false),
            // A stream event that is not JSON: the excerpt reads its first KiB.
            _ => await FailAsync(HttpStatusCode.OK, "text/event-stream", "event: message_start\ndata: " + body + "\n\n", stream: true),
        };

        AssertNoFragment(error.Message);
        AssertNoFragment(error.ToString());
        if (error is AkiApiException api)
        {
            AssertNoFragment(api.RawBody);
            AssertNoFragment(api.ServerMessage);
        }

        if (error is AkiUnexpectedResponseException unexpected)
        {
            AssertNoFragment(unexpected.BodyExcerpt);
        }
    }

    [Fact]
    public async Task AKeyInsideAnErrorBodyOfAnyLengthIsRedactedAndTheRestKept()
    {
        AkiApiException error = (AkiApiException)await FailAsync(HttpStatusCode.BadRequest, "application/json", $$$"""{"type":"error","error":{"type":"invalid_request_error","message":"key {{{Key}}} is not valid here"}}""", stream: false);

        Assert.Equal("key [redacted] is not valid here", error.ServerMessage);
        Assert.Contains("[redacted]", error.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyTheServerEscapedInJsonIsRedactedFromTheServerMessage()
    {
        string escaped = string.Concat(Key.Select(c => $"\\u{(int)c:x4}"));
        AkiApiException error = (AkiApiException)await FailAsync(HttpStatusCode.BadRequest, "application/json", $$$"""{"type":"error","error":{"type":"invalid_request_error","message":"key {{{escaped}}} is not valid"}}""", stream: false);

        AssertNoFragment(error.ServerMessage);
        AssertNoFragment(error.Message);
        Assert.Contains("[redacted]", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortKeyIsNotASecretAndDoesNotGarbleTheServersText()
    {
        const string body = """{"type":"error","error":{"type":"not_found_error","message":"No fixture matches POST /v1/messages; send the header x-aki-fixture-scenario"}}""";

        AkiApiException error = (AkiApiException)await FailAsync(HttpStatusCode.NotFound, "application/json", body, stream: false, key: "fixture");

        Assert.Equal("No fixture matches POST /v1/messages; send the header x-aki-fixture-scenario", error.ServerMessage);
        Assert.Contains("No fixture matches POST /v1/messages; send the header x-aki-fixture-scenario", error.Message, StringComparison.Ordinal);
        Assert.Equal(body, error.RawBody);
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    public async Task KeysFromSixteenCharactersOnAreRedacted(int length, bool redacted)
    {
        string key = Key.Substring(0, length);
        AkiApiException error = (AkiApiException)await FailAsync(HttpStatusCode.BadRequest, "application/json", $$$"""{"error":{"message":"got {{{key}}}"}}""", stream: false, key: key);

        Assert.Equal(redacted ? "got [redacted]" : "got " + key, error.ServerMessage);
    }

    [Fact]
    public async Task TheSdksOwnWordingIsNeverRedacted()
    {
        // A key that happens to be a phrase of the SDK's own hint: only the server's text is searched.
        const string key = "AkiClientOptions.Endpoint";
        AkiApiException error = (AkiApiException)await FailAsync(HttpStatusCode.NotFound, "application/json", """{"error":{"message":"see AkiClientOptions.Endpoint"}}""", stream: false, key: key);

        Assert.Equal("see [redacted]", error.ServerMessage);
        Assert.Contains("Check AkiClientOptions.Endpoint", error.Message, StringComparison.Ordinal);
    }

    private static void AssertNoFragment(string? text)
    {
        if (text is null)
        {
            return;
        }

        for (int i = 0; i + 3 <= Key.Length; i++)
        {
            Assert.False(text.Contains(Key.Substring(i, 3), StringComparison.Ordinal), $"'{Key.Substring(i, 3)}' (key characters {i}-{i + 2}) is in: ...{Around(text, Key.Substring(i, 3))}...");
        }

        // A cut that leaves one or two characters of the key at the end of a text.
        string end = text.TrimEnd('.', ' ');
        for (int j = 1; j < 3; j++)
        {
            Assert.False(end.EndsWith(Key.Substring(0, j), StringComparison.Ordinal), $"The text ends with the first {j} key characters: ...{end.Substring(Math.Max(0, end.Length - 40))}");
        }
    }

    private static string Around(string text, string fragment)
    {
        int at = text.IndexOf(fragment, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, at - 20), Math.Min(text.Length - Math.Max(0, at - 20), 60));
    }

    private static async Task<AkiException> FailAsync(HttpStatusCode status, string contentType, string body, bool stream, string key = Key)
    {
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => new HttpResponseMessage(status)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", contentType } } },
        });
        using var client = new AkiClient(new AkiClientOptions { ApiKey = key, MaxRetries = 0 }, mock.ToHttpClient());
        var request = new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] };
        return await Assert.ThrowsAnyAsync<AkiException>(async () =>
        {
            if (stream)
            {
                await client.Messages.StreamAsync(request).GetFinalMessageAsync();
            }
            else
            {
                await client.Messages.CreateAsync(request);
            }
        });
    }
}
