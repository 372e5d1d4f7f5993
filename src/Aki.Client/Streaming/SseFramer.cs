using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Streaming;

/// <summary>
/// Frames a <c>text/event-stream</c> body into events, byte by byte, without decoding text or allocating per event.
/// Follows WHATWG HTML "Server-sent events" (9.2.6 "Interpreting an event stream"), with one leniency of our own:
/// an event still pending when the body ends is dispatched rather than dropped. (The Python and TypeScript SDKs drop
/// it like the spec, but they do not require <c>message_stop</c>; we do, to detect truncation.)
/// </summary>
/// <remarks>
/// The bytes of the event being parsed stay in one pooled buffer until it is dispatched, so a single-line
/// <c>data</c> value (every event Anthropic-style servers send) is handed out as a slice of that buffer; only
/// multi-line data is joined into a second buffer. Events larger than the limit fail instead of growing without bound.
/// </remarks>
internal sealed class SseFramer : IDisposable
{
    public const int DefaultMaxEventSize = 16 * 1024 * 1024;
    private const int InitialBufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly int _maxEventSize;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _eventStart;
    private bool _endOfStream;
    private bool _bomChecked;
    private bool _skipLineFeed;

    private int _nameStart = -1;
    private int _nameLength;
    private int _dataStart = -1;
    private int _dataLength;
    private byte[]? _joined;
    private int _joinedLength;
    private bool _isJoined;

    public SseFramer(Stream stream, int maxEventSize = DefaultMaxEventSize)
    {
        _stream = stream;
        _maxEventSize = maxEventSize;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, maxEventSize));
    }

    /// <summary>True once the body has ended and every buffered event has been returned.</summary>
    public bool IsCompleted => _endOfStream && _start >= _end && _dataStart < 0;

    /// <summary>
    /// Returns the next event whose bytes are already buffered. The spans stay valid until the next call of
    /// this method or of <see cref="FillAsync"/>. Returns false when more bytes are needed (or the body ended).
    /// </summary>
    public bool TryReadEvent(out ReadOnlySpan<byte> eventName, out ReadOnlySpan<byte> data)
    {
        eventName = default;
        data = default;
        if (!_bomChecked && !TrySkipByteOrderMark())
        {
            return false;
        }

        while (true)
        {
            if (!TryReadLine(out int lineStart, out int lineLength))
            {
                // "If the file ends in the middle of an event, before the final empty line, the incomplete event
                // is not dispatched": strict WHATWG drops it; we keep it, so that a body missing its final blank
                // line (a real recording ends that way) still delivers its message_stop.
                if (_endOfStream && _dataStart >= 0)
                {
                    return Dispatch(out eventName, out data);
                }

                return false;
            }

            if (lineLength == 0)
            {
                // "If the line is empty (a blank line): Dispatch the event." Without data there is nothing to dispatch.
                if (_dataStart >= 0)
                {
                    return Dispatch(out eventName, out data);
                }

                ResetEvent();
                continue;
            }

            ProcessLine(lineStart, lineLength);
            if (_nameStart < 0 && _dataStart < 0)
            {
                // Nothing of an event is pending (a comment, an id or retry line): its bytes need not be kept, so
                // keep-alive comments without blank lines cannot grow the buffer.
                _eventStart = _start;
            }
        }
    }

    /// <summary>Reads more of the body into the buffer. Returns false once the body has ended.</summary>
    public ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_endOfStream)
        {
            return new ValueTask<bool>(false);
        }

        MakeRoom();
#if NET
        ValueTask<int> reading = _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
#else
        var reading = new ValueTask<int>(_stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken));
#endif

        // Bytes the stream already holds (a body buffered by the handler, or the rest of a packet) need no state machine.
        return reading.IsCompletedSuccessfully ? new ValueTask<bool>(Filled(reading.Result)) : FilledAsync(reading);
    }

    private async ValueTask<bool> FilledAsync(ValueTask<int> reading) => Filled(await reading.ConfigureAwait(false));

    private bool Filled(int read)
    {
        if (read == 0)
        {
            _endOfStream = true;
        }
        else
        {
            _end += read;
        }

        return true;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_joined is not null)
        {
            ArrayPool<byte>.Shared.Return(_joined);
            _joined = null;
        }
    }

    private bool TrySkipByteOrderMark()
    {
        // "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        ReadOnlySpan<byte> available = _buffer.AsSpan(_start, _end - _start);
        int compare = Math.Min(available.Length, bom.Length);
        if (available.Slice(0, compare).SequenceEqual(bom.Slice(0, compare)))
        {
            if (compare < bom.Length)
            {
                if (!_endOfStream)
                {
                    return false;
                }
            }
            else
            {
                _start += bom.Length;
                _eventStart = _start;
            }
        }

        _bomChecked = true;
        return true;
    }

    private bool TryReadLine(out int lineStart, out int lineLength)
    {
        lineStart = 0;
        lineLength = 0;
        if (_skipLineFeed)
        {
            // A CR ended the previous read; an LF starting this one belongs to the same line ending.
            if (_start == _end)
            {
                return false;
            }

            _skipLineFeed = false;
            if (_buffer[_start] == (byte)'\n')
            {
                _start++;
            }
        }

        ReadOnlySpan<byte> unread = _buffer.AsSpan(_start, _end - _start);
        int terminator = unread.IndexOfAny((byte)'\r', (byte)'\n');
        if (terminator < 0)
        {
            if (_endOfStream && unread.Length > 0)
            {
                // The last line of the body has no terminator.
                lineStart = _start;
                lineLength = unread.Length;
                _start = _end;
                return true;
            }

            return false;
        }

        lineStart = _start;
        lineLength = terminator;
        int next = _start + terminator + 1;
        if (unread[terminator] == (byte)'\r')
        {
            if (next < _end)
            {
                if (_buffer[next] == (byte)'\n')
                {
                    next++;
                }
            }
            else if (!_endOfStream)
            {
                _skipLineFeed = true;
            }
        }

        _start = next;
        return true;
    }

    private void ProcessLine(int lineStart, int lineLength)
    {
        ReadOnlySpan<byte> line = _buffer.AsSpan(lineStart, lineLength);
        if (line[0] == (byte)':')
        {
            // "If the line starts with a U+003A COLON character (:): Ignore the line."
            return;
        }

        // "Collect the characters on the line before the first U+003A COLON character (:)... If value starts with
        // a U+0020 SPACE character, remove it from value." No colon: the whole line is the field, the value empty.
        int colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> field = colon < 0 ? line : line.Slice(0, colon);
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == (byte)' ')
        {
            valueStart++;
        }

        int valueLength = lineLength - valueStart;
        if (field.SequenceEqual("data"u8))
        {
            AppendData(lineStart + valueStart, valueLength);
        }
        else if (field.SequenceEqual("event"u8))
        {
            _nameStart = lineStart + valueStart;
            _nameLength = valueLength;
        }

        // "id" and "retry" matter only to reconnecting browsers; Anthropic streams are not resumable.
    }

    private void AppendData(int valueStart, int valueLength)
    {
        if (_dataStart < 0)
        {
            _dataStart = valueStart;
            _dataLength = valueLength;
            return;
        }

        // "Append the field value to the data buffer, then append a single U+000A LINE FEED (LF) character."
        if (!_isJoined)
        {
            EnsureJoinedCapacity(_dataLength);
            _buffer.AsSpan(_dataStart, _dataLength).CopyTo(_joined);
            _joinedLength = _dataLength;
            _isJoined = true;
        }

        EnsureJoinedCapacity(_joinedLength + 1 + valueLength);
        _joined![_joinedLength++] = (byte)'\n';
        _buffer.AsSpan(valueStart, valueLength).CopyTo(_joined.AsSpan(_joinedLength));
        _joinedLength += valueLength;
    }

    private void EnsureJoinedCapacity(int needed)
    {
        if (needed > _maxEventSize)
        {
            throw EventTooLarge();
        }

        if (_joined is null || _joined.Length < needed)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, (_joined?.Length ?? 0) * 2));
            if (_joined is not null)
            {
                _joined.AsSpan(0, _joinedLength).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_joined);
            }

            _joined = larger;
        }
    }

    private bool Dispatch(out ReadOnlySpan<byte> eventName, out ReadOnlySpan<byte> data)
    {
        eventName = _nameStart >= 0 ? _buffer.AsSpan(_nameStart, _nameLength) : default;
        data = _isJoined ? _joined.AsSpan(0, _joinedLength) : _buffer.AsSpan(_dataStart, _dataLength);
        ResetEvent();
        return true;
    }

    private void ResetEvent()
    {
        _nameStart = -1;
        _dataStart = -1;
        _isJoined = false;
        _joinedLength = 0;
        _eventStart = _start;
    }

    /// <summary>Moves the current event's bytes to the front of the buffer, growing it when the event fills it.</summary>
    private void MakeRoom()
    {
        if (_eventStart > 0)
        {
            int shift = _eventStart;
            Buffer.BlockCopy(_buffer, shift, _buffer, 0, _end - shift);
            _end -= shift;
            _start -= shift;
            _eventStart = 0;
            if (_nameStart >= 0)
            {
                _nameStart -= shift;
            }

            if (_dataStart >= 0)
            {
                _dataStart -= shift;
            }
        }

        if (_end < _buffer.Length)
        {
            return;
        }

        if (_buffer.Length >= _maxEventSize)
        {
            throw EventTooLarge();
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxEventSize));
        Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private AkiUnexpectedResponseException EventTooLarge() =>
        new($"A server-sent event exceeded the {_maxEventSize / 1024} KiB limit; the stream is not an Anthropic-style event stream or is corrupt.", 200, "text/event-stream", null, null);
}
