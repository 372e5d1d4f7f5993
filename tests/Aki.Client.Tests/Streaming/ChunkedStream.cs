namespace Aki.Client.Tests.Streaming;

/// <summary>A read-only stream that hands out fixed bytes in the chunk sizes a test chooses, synchronously or not.</summary>
internal sealed class ChunkedStream : Stream
{
    private readonly byte[] _bytes;
    private readonly Func<int, int> _nextChunkSize;
    private readonly bool _async;
    private int _position;
    private int _reads;

    public ChunkedStream(byte[] bytes, Func<int, int> nextChunkSize, bool async)
    {
        _bytes = bytes;
        _nextChunkSize = nextChunkSize;
        _async = async;
    }

    public static ChunkedStream Trickle(byte[] bytes, bool async) => new(bytes, _ => 1, async);

    public static ChunkedStream Random(byte[] bytes, int seed, int maxChunk, bool async)
    {
        var random = new Random(seed);
        return new ChunkedStream(bytes, _ => random.Next(1, maxChunk + 1), async);
    }

    /// <summary>Hands out exactly the given chunk sizes, one per read (then the rest in one read).</summary>
    public static ChunkedStream Sizes(byte[] bytes, IReadOnlyList<int> sizes, bool async)
    {
        if (sizes.Any(size => size <= 0))
        {
            throw new ArgumentException("A zero-length read would end the stream early.", nameof(sizes));
        }

        return new ChunkedStream(bytes, read => read < sizes.Count ? sizes[read] : bytes.Length, async);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadCore(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_async)
        {
            // Completes the read later on the thread pool, as a socket does; not on the test's synchronization context.
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }

        return ReadCore(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int ReadCore(Span<byte> destination)
    {
        int size = Math.Min(Math.Min(_nextChunkSize(_reads++), destination.Length), _bytes.Length - _position);
        _bytes.AsSpan(_position, size).CopyTo(destination);
        _position += size;
        return size;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
