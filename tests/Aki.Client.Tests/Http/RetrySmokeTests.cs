using System.Net;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Http;

public class RetrySmokeTests
{
    private const string Ok = """{"id":"msg_1","type":"message","role":"assistant","model":"gemma4-26b","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}""";

    [Fact]
    public async Task A529IsRetriedAndTheSecondAttemptAnswers()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, "*").Respond((HttpStatusCode)529, "application/json", """{"type":"error","error":{"type":"overloaded_error","message":"busy"}}""");
        mock.Expect(HttpMethod.Post, "*").Respond("application/json", Ok);
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k", RetryBaseDelay = TimeSpan.Zero }, mock.ToHttpClient());

        Message message = await client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] });

        Assert.Equal("hi", message.Text);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task ExhaustedRetriesReportTheAttemptCount()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "*").Respond(HttpStatusCode.InternalServerError, "text/html", "<html><title>Bad gateway</title></html>");
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k", RetryBaseDelay = TimeSpan.Zero, MaxRetries = 2 }, mock.ToHttpClient());

        AkiApiException error = await Assert.ThrowsAsync<AkiApiException>(() =>
            client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] }));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(500, error.StatusCode);
    }
}
