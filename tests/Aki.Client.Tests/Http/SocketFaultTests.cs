using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace Aki.Client.Tests.Http;

/// <summary>
/// Faults only a raw socket can make: a reset in the middle of the response headers, a chunk written halfway and then
/// FIN, an event larger than the framer's limit, a server that accepts and never reads the request body. Each ends in
/// the documented typed error, with what had arrived.
/// </summary>
[Collection(SocketTestCollection.Name)]
public class SocketFaultTests(ITestOutputHelper output)
{
    private const string Key = "sk-aki-socket-faults-0123456789";

    private static MessageRequest Request(string text = "Hi") => new() { Model = AkiModels.Gemma4_26B, MaxTokens = 64, Messages = [MessageParam.User(text)] };

    private static AkiClient Client(RawSocketServer server, int maxRetries = 1, Action<AkiClientOptions>? configure = null)
    {
        var options = new AkiClientOptions { ApiKey = Key, Endpoint = server.Endpoint, MaxRetries = maxRetries, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        configure?.Invoke(options);
        return new AkiClient(options);
    }

    private static void Reset(Socket socket)
    {
        // Linger 0: close sends RST, not FIN.
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AResetInTheMiddleOfTheResponseHeadersIsRetriedThenAnAkiException(bool stream)
    {
        await using var server = new RawSocketServer(async (request, network, socket) =>
        {
            await RawSocketServer.ReadBodyAsync(request, network);
            await network.WriteAsync("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nrequest-id: req_"u8.ToArray());
            await network.FlushAsync();
            await Task.Delay(20);
            Reset(socket);
        });
        using AkiClient client = Client(server, maxRetries: 1);

        AkiException error = await Assert.ThrowsAsync<AkiException>(async () =>
        {
            if (stream)
            {
                await client.Messages.StreamAsync(Request()).GetFinalMessageAsync();
            }
            else
            {
                await client.Messages.CreateAsync(Request());
            }
        });

        // Nothing of an answer arrived, so the request is safe to send again: once more, then the failure.
        Assert.Equal(2, error.Attempts);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkWrittenHalfwayThenFinIsATruncatedStreamWithThePartialMessage()
    {
        byte[] whole = Encoding.UTF8.GetBytes(TestStreams.Start("Halb"));
        await using var server = new RawSocketServer(async (request, network, socket) =>
        {
            await RawSocketServer.ReadBodyAsync(request, network);
            var response = new MemoryStream();
            response.Write("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nrequest-id: req_half\r\n\r\n"u8);
            response.Write(Encoding.ASCII.GetBytes($"{whole.Length:x}\r\n"));
            response.Write(whole);
            response.Write("\r\n"u8);

            // A chunk that promises 4 KiB and brings 40 bytes, then FIN.
            response.Write("1000\r\nevent: content_block_delta\ndata: {\"type\":\"con"u8);
            await network.WriteAsync(response.ToArray());
            await network.FlushAsync();
            socket.Shutdown(SocketShutdown.Send);
            await Task.Delay(500);
        });
        using AkiClient client = Client(server);

        AkiStreamTruncatedException error = await Assert.ThrowsAsync<AkiStreamTruncatedException>(() => client.Messages.StreamAsync(Request()).GetFinalMessageAsync());

        Assert.Equal("req_half", error.RequestId);
        Assert.Equal("Halb", error.PartialMessage?.Text);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task AnEventLargerThanTheFramersLimitIsATypedErrorAndMemoryStaysBounded()
    {
        // The server would send 256 MiB in one event; the framer refuses it at 16 MiB.
        const long Offered = 256L * 1024 * 1024;
        long sent = 0;
        await using var server = new RawSocketServer(async (request, network, _) =>
        {
            await RawSocketServer.ReadBodyAsync(request, network);
            byte[] head = Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nrequest-id: req_large\r\nconnection: close\r\n\r\n" + TestStreams.Start("Vorher") + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"");
            await network.WriteAsync(head);
            byte[] filler = new byte[64 * 1024];
            Array.Fill(filler, (byte)'x');
            while (sent < Offered)
            {
                await network.WriteAsync(filler);
                Interlocked.Add(ref sent, filler.Length);
            }
        });
        using AkiClient client = Client(server, maxRetries: 0);
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);

        AkiUnexpectedResponseException error = await Assert.ThrowsAsync<AkiUnexpectedResponseException>(() => client.Messages.StreamAsync(Request()).GetFinalMessageAsync());

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{allocated / (1024 * 1024)} MiB allocated while the server sent {Interlocked.Read(ref sent) / (1024 * 1024)} MiB");
        Assert.Contains("16384 KiB limit", error.Message, StringComparison.Ordinal);
        Assert.Equal("req_large", error.RequestId);
        Assert.Equal("Vorher", error.PartialMessage?.Text);

        // The framer's buffer doubles up to the limit (16 KiB + ... + 16 MiB, about 32 MiB in all), then it stops
        // reading; a framer without the limit would read and hold all 256 MiB the server offers.
        Assert.True(allocated < 96L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated while the server sent {Interlocked.Read(ref sent) / (1024 * 1024)} MiB");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AServerThatNeverReadsTheRequestBodyEndsInTheAttemptTimeout(bool stream)
    {
        var accepted = new TaskCompletionSource();
        using var release = new CancellationTokenSource();
        await using var server = new RawSocketServer(async (_, _, _) =>
        {
            // Reads the head (the server did) and never the body, never answers: the client's send stalls once the
            // socket buffers are full.
            accepted.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using AkiClient client = Client(server, maxRetries: 0, options =>
        {
            options.Timeout = TimeSpan.FromSeconds(1);
            options.StreamResponseTimeout = TimeSpan.FromSeconds(1);
        });

        // 16 MiB of text: far more than loopback socket buffers take.
        MessageRequest request = Request(new string('a', 16 * 1024 * 1024));
        AkiTimeoutException error = await Assert.ThrowsAsync<AkiTimeoutException>(async () =>
        {
            if (stream)
            {
                await client.Messages.StreamAsync(request).GetFinalMessageAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            else
            {
                await client.Messages.CreateAsync(request).WaitAsync(TimeSpan.FromSeconds(20));
            }
        });

        await release.CancelAsync();
        Assert.True(accepted.Task.IsCompleted);
        Assert.Equal(TimeSpan.FromSeconds(1), error.Timeout);
        Assert.Equal(1, error.Attempts);
    }
}
