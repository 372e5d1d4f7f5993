using System.Net;

namespace Aki.Client.Tests.Http;

/// <summary>
/// A caller-owned <see cref="HttpClient"/> whose handler follows redirects carries <c>x-api-key</c> to the target; the
/// SDK cannot stop that handler, so it fails loudly, saying what happened and how to turn it off.
/// </summary>
public class RedirectTests
{
    private const string Key = "sk-aki-redirect-test-0123456789";

    [Theory]
    [InlineData(false, 307)]
    [InlineData(true, 307)]
    [InlineData(false, 302)]
    public async Task ARedirectToAnotherAuthorityFailsLoudlyAndNamesTheFix(bool stream, int status)
    {
        await using var target = new RawSocketServer(async (request, network, _) =>
        {
            await RawSocketServer.ReadBodyAsync(request, network);
            byte[] answer = stream
                ? RawSocketServer.Response(200, "text/event-stream", TestStreams.Complete())
                : RawSocketServer.Response(200, "application/json", TestResponses.Text("gemma4-26b", "Hello"));
            await network.WriteAsync(answer);
        });
        await using var redirecting = new RawSocketServer(async (request, network, _) =>
        {
            await RawSocketServer.ReadBodyAsync(request, network);
            await network.WriteAsync(RawSocketServer.Response(status, "text/plain", string.Empty, $"location: {target.Endpoint}v1/messages"));
        });
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        using var client = new AkiClient(new AkiClientOptions { ApiKey = Key, Endpoint = redirecting.Endpoint, MaxRetries = 2 }, http);
        var request = new MessageRequest { Model = AkiModels.Gemma4_26B, MaxTokens = 16, Messages = [MessageParam.User("Hi")] };

        AkiException error = await Assert.ThrowsAsync<AkiException>(async () =>
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

        Assert.Contains("redirect", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"127.0.0.1:{redirecting.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{target.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect = false", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);

        // Not retried: a retry would send the key there again.
        Assert.Single(target.Requests);
    }

    [Fact]
    public async Task ARedirectTheHandlerDoesNotFollowIsAnErrorStatusAndNothingReachesTheTarget()
    {
        await using var redirecting = new RawSocketServer(async (request, network, _) =>
        {
            await RawSocketServer.ReadBodyAsync(request, network);
            await network.WriteAsync(RawSocketServer.Response(307, "text/plain", string.Empty, "location: http://127.0.0.1:9/v1/messages"));
        });
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var client = new AkiClient(new AkiClientOptions { ApiKey = Key, Endpoint = redirecting.Endpoint, MaxRetries = 0 }, http);

        AkiApiException error = await Assert.ThrowsAsync<AkiApiException>(() =>
            client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, MaxTokens = 16, Messages = [MessageParam.User("Hi")] }));

        Assert.Equal(307, error.StatusCode);
    }
}
