using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Aki.Client.ChatClient;

/// <summary>
/// The updates of one <c>GetStreamingResponseAsync</c> call. Like the async iterator it replaces, each enumeration
/// maps the request and starts a stream of its own when first moved; unlike it, an update whose event the native
/// stream already holds is handed over without an asynchronous step, which was most of the adapter's cost per delta.
/// </summary>
internal sealed class ChatUpdateStream : IAsyncEnumerable<ChatResponseUpdate>
{
    private readonly AkiClient _client;
    private readonly IEnumerable<ChatMessage> _messages;
    private readonly ChatOptions? _options;
    private readonly string? _defaultModelId;
    private readonly IChatClient _owner;
    private readonly CancellationToken _requestToken;

    public ChatUpdateStream(AkiClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModelId, IChatClient owner, CancellationToken requestToken)
    {
        _client = client;
        _messages = messages;
        _options = options;
        _defaultModelId = defaultModelId;
        _owner = owner;
        _requestToken = requestToken;
    }

    public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator(this, cancellationToken);

    private sealed class Enumerator : IAsyncEnumerator<ChatResponseUpdate>
    {
        private readonly ChatUpdateStream _owner;
        private readonly CancellationToken _enumeratorToken;
        private MessageStream? _stream;
        private IAsyncEnumerator<MessageStreamEvent>? _events;
        private ChatStreamMapper? _mapper;
        private IEnumerator<ChatResponseUpdate>? _closing;
        private ChatResponseUpdate? _current;

        public Enumerator(ChatUpdateStream owner, CancellationToken enumeratorToken)
        {
            _owner = owner;
            _enumeratorToken = enumeratorToken;
        }

        public ChatResponseUpdate Current => _current ?? throw new InvalidOperationException("Enumeration has not started.");

        public ValueTask<bool> MoveNextAsync()
        {
            try
            {
                if (_closing is not null)
                {
                    return new ValueTask<bool>(NextClosing());
                }

                if (_events is null)
                {
                    Start();
                }

                while (true)
                {
                    ValueTask<bool> next = _events!.MoveNextAsync();
                    if (!next.IsCompletedSuccessfully)
                    {
                        return MoveNextSlowAsync(next);
                    }

                    if (!next.Result)
                    {
                        return new ValueTask<bool>(BeginClosing());
                    }

                    if (TakeUpdate())
                    {
                        return new ValueTask<bool>(true);
                    }
                }
            }
            catch (Exception e)
            {
                // As from an async iterator: a failure is the awaited result, never thrown by MoveNextAsync itself.
                return new ValueTask<bool>(Task.FromException<bool>(e));
            }
        }

        public ValueTask DisposeAsync() => _events?.DisposeAsync() ?? default;

        private void Start()
        {
            // Mapping happens on the first move, so a request the adapter refuses fails where the caller awaits.
            MappedRequest mapped = ChatRequestMapper.Map(_owner._messages, _owner._options, _owner._defaultModelId, _owner._owner);
            _stream = _owner._client.Messages.StreamAsync(mapped.Request, _owner._requestToken);
            _mapper = new ChatStreamMapper(mapped.OutputToolName, _owner._client.Options.TimeProvider);
            _events = _stream.GetAsyncEnumerator(_enumeratorToken);
        }

        private async ValueTask<bool> MoveNextSlowAsync(ValueTask<bool> pending)
        {
            while (true)
            {
                if (!await pending.ConfigureAwait(false))
                {
                    return BeginClosing();
                }

                if (TakeUpdate())
                {
                    return true;
                }

                pending = _events!.MoveNextAsync();
            }
        }

        /// <summary>Maps the native stream's current event; true when it makes an update (pings, block stops and message deltas make none).</summary>
        private bool TakeUpdate()
        {
            if (_mapper!.Map(_events!.Current, _stream!) is not { } update)
            {
                return false;
            }

            _current = update;
            return true;
        }

        /// <summary>The stream has ended: what is left are the closing updates (tool calls still open, usage, the finish reason).</summary>
        private bool BeginClosing()
        {
            _closing = _mapper!.Complete(_stream!).GetEnumerator();
            return NextClosing();
        }

        private bool NextClosing()
        {
            if (_closing!.MoveNext())
            {
                _current = _closing.Current;
                return true;
            }

            return false;
        }
    }
}
