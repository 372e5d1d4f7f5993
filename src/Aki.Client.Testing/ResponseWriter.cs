using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Aki.Client.Testing;

/// <summary>
/// Puts a fixture's answer on the wire: JSON with a content length, or SSE written in small flushed chunks with
/// optional pauses, cut off when the fixture says the connection drops.
/// </summary>
internal sealed class ResponseWriter
{
    public const string JsonContentType = "application/json";
    public const string EventStreamContentType = "text/event-stream; charset=utf-8";

    private readonly int _chunkSize;
    private readonly TimeSpan _eventDelay;
    private readonly TimeProvider _time;

    public ResponseWriter(int chunkSize, TimeSpan eventDelay, TimeProvider time)
    {
        _chunkSize = chunkSize;
        _eventDelay = eventDelay;
        _time = time;
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string type, string message, string requestId, CancellationToken cancellationToken) =>
        WriteBodyAsync(context, status, JsonContentType, ApiErrors.Body(type, message, requestId), requestId, [], cancellationToken);

    public static async Task WriteBodyAsync(HttpContext context, int status, string contentType, byte[] body, string requestId, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        SetHeaders(response, requestId, headers);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteFixtureAsync(HttpContext context, Fixture fixture, bool stream, string requestId, CancellationToken cancellationToken)
    {
        FixtureResponse answer = fixture.Response;
        int chunkSize = answer.ChunkSize ?? _chunkSize;
        TimeSpan delay = answer.EventDelay ?? _eventDelay;

        // Errors are JSON (or a gateway's page) whatever was asked; so is anything without a stream to give.
        if (answer.IsError || (answer.Events is null && !(stream && answer.BodyIsJson)))
        {
            await WritePlainAsync(context, answer.Status, answer, answer.Body ?? [], requestId, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (stream)
        {
            IReadOnlyList<SseFrame> frames = answer.Events ?? MessageStreamConverter.Synthesize(answer.Body!);
            await WriteEventsAsync(context, answer, frames, chunkSize, delay, requestId, cancellationToken).ConfigureAwait(false);
            return;
        }

        (int status, byte[] body) = MessageStreamConverter.Fold(answer.Events!);
        await WritePlainAsync(context, status, answer, body, requestId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WritePlainAsync(HttpContext context, int status, FixtureResponse answer, byte[] body, string requestId, CancellationToken cancellationToken)
    {
        string contentType = answer.BodyIsJson || answer.Events is not null ? JsonContentType : "text/plain; charset=utf-8";
        if (answer.AbortAfterEvents is null)
        {
            await WriteBodyAsync(context, status, contentType, body, requestId, answer.Headers, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A fixture that drops the connection mid-stream drops a non-streaming answer halfway through its body.
        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        SetHeaders(response, requestId, answer.Headers);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        throw new ConnectionDropException();
    }

    private async Task WriteEventsAsync(HttpContext context, FixtureResponse answer, IReadOnlyList<SseFrame> frames, int chunkSize, TimeSpan delay, string requestId, CancellationToken cancellationToken)
    {
        HttpResponse response = context.Response;
        response.StatusCode = answer.Status;
        response.ContentType = EventStreamContentType;
        response.Headers.CacheControl = "no-cache";
        SetHeaders(response, requestId, answer.Headers);

        // Headers go out at once, as a real server's do before the model has produced anything.
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        for (int index = 0; index < frames.Count; index++)
        {
            if (answer.AbortAfterEvents == index)
            {
                throw new ConnectionDropException();
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }

            byte[] bytes = frames[index].Bytes;
            for (int offset = 0; offset < bytes.Length; offset += chunkSize)
            {
                await response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(chunkSize, bytes.Length - offset)), cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (answer.AbortAfterEvents is not null)
        {
            throw new ConnectionDropException();
        }
    }

    private static void SetHeaders(HttpResponse response, string requestId, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        response.Headers["request-id"] = requestId;
        foreach (KeyValuePair<string, string> header in headers)
        {
            if (header.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers[header.Key] = header.Value;
        }
    }
}
