using System.Text.Json;

namespace Aki.Client.Samples.AspNetHost;

/// <summary>
/// <c>POST /v1/messages</c>: an Anthropic-compatible endpoint in front of AKI.IO. It takes an Anthropic-format body
/// from a browser or another service (the official Anthropic SDKs work when pointed at this host), sends it through
/// the SDK with the server's own AKI.IO key, and relays the answer, or the stream event by event, in the same format.
/// Callers never hold the key. Fields the SDK does not model pass through unchanged (AkiJson keeps them).
/// </summary>
/// <remarks>
/// A real deployment must authenticate its callers and limit what they may spend: as written, anyone who can reach
/// the endpoint uses the server's key. The caller's own <c>x-api-key</c> header is ignored.
/// </remarks>
public static class AnthropicPassThrough
{
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>Maps <c>POST /v1/messages</c>.</summary>
    public static IEndpointRouteBuilder MapAnthropicPassThrough(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/messages", HandleAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext http, AkiClient aki)
    {
        CancellationToken cancellationToken = http.RequestAborted;
        MessageRequest request;
        try
        {
            request = AkiJson.ParseRequest(await ReadBodyAsync(http.Request, cancellationToken));
        }
        catch (ArgumentException e)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "invalid_request_error", e.Message);
            return;
        }

        try
        {
            if (request.IsStreamRequested)
            {
                await RelayStreamAsync(http, aki.Messages.StreamAsync(request, cancellationToken), cancellationToken);
            }
            else
            {
                Message message = await aki.Messages.CreateAsync(request, cancellationToken);
                SetRequestId(http, message.RequestId);
                http.Response.ContentType = "application/json";
                await http.Response.Body.WriteAsync(AkiJson.SerializeToUtf8Bytes(message), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away; the SDK has cancelled and released the upstream request.
        }
        catch (Exception e) when (e is AkiException or ArgumentException)
        {
            (int status, string type, string message) = Describe(e);
            if (!http.Response.HasStarted)
            {
                await WriteErrorAsync(http, status, type, message);
                return;
            }

            // Mid-stream, as the API does: an error event, then the end of the body.
            AkiJson.WriteServerSentEvent(http.Response.BodyWriter, AkiJson.ParseEvent("error", ErrorBody(type, message)));
            await http.Response.BodyWriter.FlushAsync(CancellationToken.None);
        }
    }

    private static async Task RelayStreamAsync(HttpContext http, MessageStream stream, CancellationToken cancellationToken)
    {
        await using (stream)
        {
            // The first event is awaited before the headers go out, so a refusal (bad request, rate limit) still
            // reaches the caller as an HTTP error with its status rather than inside a 200 stream. Nothing is kept:
            // a relay's memory stays flat however long the answer.
            await using IAsyncEnumerator<MessageStreamEvent> events = stream.WithoutAccumulation().GetAsyncEnumerator(cancellationToken);
            bool more = await events.MoveNextAsync();
            SetRequestId(http, stream.RequestId);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            while (more)
            {
                AkiJson.WriteServerSentEvent(http.Response.BodyWriter, events.Current);
                await http.Response.BodyWriter.FlushAsync(cancellationToken);
                more = await events.MoveNextAsync();
            }
        }
    }

    /// <summary>Status and Anthropic error type for the caller. A refusal of the server's own key is the server's fault, not the caller's.</summary>
    private static (int Status, string Type, string Message) Describe(Exception e) => e switch
    {
        ArgumentException => (StatusCodes.Status400BadRequest, "invalid_request_error", e.Message),
        AkiAuthenticationException => (StatusCodes.Status502BadGateway, "api_error", "The upstream service refused this server's credentials."),
        AkiApiException api => (api.StatusCode is >= 400 and < 600 ? api.StatusCode : StatusCodes.Status502BadGateway, api.ErrorType?.Value ?? "api_error", api.ServerMessage ?? api.Message),
        AkiTimeoutException => (StatusCodes.Status504GatewayTimeout, "timeout_error", e.Message),
        _ => (StatusCodes.Status502BadGateway, "api_error", e.Message),
    };

    private static async Task WriteErrorAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(ErrorBody(type, message));
    }

    private static byte[] ErrorBody(string type, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void SetRequestId(HttpContext http, string? requestId)
    {
        if (requestId is not null)
        {
            http.Response.Headers["request-id"] = requestId;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                throw new ArgumentException($"The request body is larger than {MaxBodyBytes / (1024 * 1024)} MiB.");
            }

            body.Write(chunk, 0, read);
        }

        return body.ToArray();
    }
}
