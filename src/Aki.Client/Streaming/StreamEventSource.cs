using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Diagnostics;
using Aki.Client.Http;

namespace Aki.Client.Streaming;

/// <summary>
/// Where a <see cref="MessageStream"/>'s events come from: the HTTP response (<see cref="HttpEventSource"/>) or events
/// given by the caller (<see cref="GivenEventSource"/>). A source only produces events; folding them into a message and
/// deciding that a stream is complete is the reader's (<see cref="MessageStreamEnumerator"/>) job.
/// </summary>
internal abstract class StreamEventSource : IAsyncDisposable
{
    /// <summary>The <c>request-id</c> of the response, once known.</summary>
    public string? RequestId { get; protected set; }

    /// <summary>The attempts the request took (1 without retries, and for given events).</summary>
    public virtual int Attempts => 1;

    /// <summary>The telemetry of the call behind the events, once started; null when nothing listens, and for given events.</summary>
    public virtual ChatCall? Call => null;

    /// <summary>Sends the request, or opens the given events. Called once, before the first read.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The next event if it can be had without waiting.</summary>
    public abstract bool TryRead([NotNullWhen(true)] out MessageStreamEvent? streamEvent);

    /// <summary>The next event, waiting for it as long as it takes; null at the end of the events.</summary>
    public abstract ValueTask<MessageStreamEvent?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Turns a failure while starting or reading into the exception the caller sees (a timeout of this source's,
    /// a broken connection, the caller's own cancellation with the caller's token); anything else as it is.
    /// </summary>
    public abstract Exception Translate(Exception failure, CallerTokens caller);

    /// <summary>Releases what the source holds (the response, its buffers, the caller's enumerator).</summary>
    public abstract ValueTask DisposeAsync();
}
