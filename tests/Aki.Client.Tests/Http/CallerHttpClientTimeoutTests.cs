using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Http;

/// <summary>
/// A caller-owned HttpClient's own Timeout is a timeout like the SDK's: an <see cref="AkiTimeoutException"/>, and the
/// attempt is retried (docs/getting-started.md, "Your own HttpClient"; docs/errors.md, "Cancellation").
/// </summary>
public class CallerHttpClientTimeoutTests
{
    private static MessageRequest Hello() => new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] };

    [Fact]
    public async Task AnAttemptCutOffByTheHttpClientsTimeoutIsRetried()
    {
        var handler = new HangsOnceHandler();
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(200) };
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k", MaxRetries = 1, RetryBaseDelay = TimeSpan.Zero }, http);

        Message answer = await client.Messages.CreateAsync(Hello());

        Assert.Equal("second attempt", answer.Text);
        Assert.Equal(2, handler.Attempts);
    }

    [Fact]
    public async Task WhenEveryAttemptIsCutOffTheErrorIsAnAkiTimeoutExceptionCountingThem()
    {
        var handler = new HangsOnceHandler(hangs: int.MaxValue);
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(200) };
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k", MaxRetries = 2, RetryBaseDelay = TimeSpan.Zero }, http);

        AkiTimeoutException error = await Assert.ThrowsAsync<AkiTimeoutException>(() => client.Messages.CreateAsync(Hello()));

        Assert.Equal(3, handler.Attempts);
        Assert.Equal(3, error.Attempts);
        Assert.Contains("HttpClient's Timeout", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Hangs until cancelled for the first attempts, then answers.</summary>
    private sealed class HangsOnceHandler(int hangs = 1) : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= hangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(
                    """{"id":"msg_1","type":"message","role":"assistant","model":"gemma4-26b","content":[{"type":"text","text":"second attempt"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":2}}""",
                    Encoding.UTF8,
                    "application/json"),
            };
        }
    }
}
