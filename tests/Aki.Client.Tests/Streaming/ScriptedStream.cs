namespace Aki.Client.Tests.Streaming;

/// <summary>
/// A response body that hands out its chunks one read at a time (synchronously) and then ends the way a test needs:
/// cleanly, with a broken connection, or by hanging until the read is cancelled. It records its disposal.
/// </summary>
internal sealed class ScriptedStream : Stream
{
    private readonly Queue<byte[]> _chunks;
    private readonly Ending _ending;
    private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _current;
    private int _offset;

    public ScriptedStream(IEnumerable<byte[]> chunks, Ending ending)
    {
        // An empty chunk would read as the end of the body.
        _chunks = new Queue<byte[]>(chunks.Where(chunk => chunk.Length > 0));
        _ending = ending;
    }

    public enum Ending
    {
        /// <summary>The body ends: reads return 0.</summary>
        Eof,

        /// <summary>The connection breaks: reads throw <see cref="IOException"/>.</summary>
        Break,

        /// <summary>The server goes silent: reads wait until their token is cancelled.</summary>
        Hang,
    }

    public static ScriptedStream Of(string text, Ending ending = Ending.Eof) => new([Sse.Utf8(text)], ending);

    /// <summary>The first <paramref name="length"/> bytes of <paramref name="body"/>, then a broken connection.</summary>
    public static ScriptedStream BreakingAfter(byte[] body, int length) => new([body[..length]], Ending.Break);

    public bool IsDisposed { get; private set; }

    public int ReadsAfterEnd { get; private set; }

    /// <summary>Completes when a read starts waiting on a silent server.</summary>
    public Task Hanging => _hanging.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            // As MemoryStream and socket streams do: a read given a cancelled token does not start.
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        if (_current is null || _offset == _current.Length)
        {
            _current = _chunks.Count > 0 ? _chunks.Dequeue() : null;
            _offset = 0;
        }

        if (_current is not null)
        {
            int count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsSpan(_offset, count).CopyTo(buffer.Span);
            _offset += count;
            return new ValueTask<int>(count);
        }

        ReadsAfterEnd++;
        return _ending switch
        {
            Ending.Eof => new ValueTask<int>(0),
            Ending.Break => ValueTask.FromException<int>(new IOException("Unable to read data from the transport connection: Connection reset by peer.")),
            _ => HangAsync(cancellationToken),
        };
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private async ValueTask<int> HangAsync(CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            _hanging.TrySetResult();
            await cancelled.Task;
        }

        return 0;
    }
}
