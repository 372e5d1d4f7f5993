using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Http;

/// <summary>Failure modes found in review: each would otherwise escape as the wrong type, hang, or leak.</summary>
public class HardeningTests
{
    private static MessageRequest Hello() => new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] };

    [Fact]
    public async Task ACallerOwnedHttpClientsOwnTimeoutSurfacesAsAkiTimeoutException()
    {
        using var http = new HttpClient(new HangingHandler()) { Timeout = TimeSpan.FromMilliseconds(100) };
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k", MaxRetries = 0 }, http);

        AkiTimeoutException error = await Assert.ThrowsAsync<AkiTimeoutException>(() => client.Messages.CreateAsync(Hello()));

        Assert.Contains("HttpClient's Timeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("retry-after", "1e12")]
    [InlineData("retry-after-ms", "Infinity")]
    public async Task AnAbsurdRetryAfterSurfacesAtOnceInsteadOfOverflowing(string header, string value)
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest request = mock.When("*").Respond(_ =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)429)
            {
                Content = new StringContent("""{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.TryAddWithoutValidation(header, value);
            return response;
        });
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k" }, mock.ToHttpClient());

        AkiRateLimitException error = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(Hello()));

        Assert.Equal(TimeSpan.MaxValue, error.RetryAfter);
        Assert.Equal(1, mock.GetMatchCount(request));
    }

    [Fact]
    public async Task AnErrorBodyThatStallsIsCutOffByTheAttemptTimeout()
    {
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StreamContent(new StallingStream("<html><title>Bad gateway</title>"u8.ToArray()))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("text/html") },
            },
        });
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "k", MaxRetries = 0, StreamResponseTimeout = TimeSpan.FromMilliseconds(200) }, mock.ToHttpClient());

        AkiApiException error = await Assert.ThrowsAsync<AkiApiException>(() =>
            client.Messages.StreamAsync(Hello()).GetFinalMessageAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(502, error.StatusCode);
    }

    [Fact]
    public void StreamedToolUseBlocksCompareByTheirInputTextWhetherParsedOrNot()
    {
        ToolUseBlock Streamed()
        {
            var accumulator = new MessageAccumulator();
            accumulator.Add(new MessageStartEvent(new Message { Id = "m", Model = AkiModels.Llama3Chat70B }));
            accumulator.Add(new ContentBlockStartEvent(0, new ToolUseBlock("call_1", "get_weather", default)));
            accumulator.Add(new ContentBlockDeltaEvent(0, new InputJsonDelta("{\"location\":\"Graz\"}")));
            accumulator.Add(new ContentBlockStopEvent(0));
            return accumulator.ToMessage().ToolUses[0];
        }

        ToolUseBlock parsed = Streamed();
        ToolUseBlock deferred = Streamed();
        _ = parsed.Input;

        Assert.Equal(parsed, deferred);
        Assert.Equal(parsed.GetHashCode(), deferred.GetHashCode());
        Assert.NotEqual(parsed, parsed with { Name = "get_forecast" });
    }

    /// <summary>Never answers; waits until the send is cancelled.</summary>
    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    /// <summary>Hands out its bytes, then waits until the read is cancelled.</summary>
    private sealed class StallingStream(byte[] head) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < head.Length)
            {
                int count = Math.Min(buffer.Length, head.Length - _position);
                head.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
