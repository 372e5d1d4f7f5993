using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Aki.Client.Http;

namespace Aki.Client.Streaming;

/// <summary>Events given by the caller (<see cref="MessageStream.FromEvents"/>): a test double or a replay; nothing is sent.</summary>
internal sealed class GivenEventSource : StreamEventSource
{
    private readonly IAsyncEnumerable<MessageStreamEvent> _events;
    private IAsyncEnumerator<MessageStreamEvent>? _enumerator;

    public GivenEventSource(IAsyncEnumerable<MessageStreamEvent> events, string? requestId)
    {
        _events = events ?? throw new ArgumentNullException(nameof(events));
        RequestId = requestId;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _enumerator = _events.GetAsyncEnumerator(cancellationToken);
        return Task.CompletedTask;
    }

    public override bool TryRead([NotNullWhen(true)] out MessageStreamEvent? streamEvent)
    {
        streamEvent = null;
        return false;
    }

    public override async ValueTask<MessageStreamEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        IAsyncEnumerator<MessageStreamEvent> enumerator = _enumerator!;
        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            return null;
        }

        return enumerator.Current ?? throw new InvalidOperationException("The event source yielded null.");
    }

    public override Exception Translate(Exception failure, CallerTokens caller) =>
        failure is OperationCanceledException cancelled
            ? CancellationTranslator.Translate(cancelled, caller, deadline: null, host: string.Empty, attempts: 1)
            : failure;

    public override ValueTask DisposeAsync()
    {
        IAsyncEnumerator<MessageStreamEvent>? enumerator = _enumerator;
        _enumerator = null;
        return enumerator?.DisposeAsync() ?? default;
    }
}
