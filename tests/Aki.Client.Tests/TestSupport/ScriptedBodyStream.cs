using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Tests;

/// <summary>
/// A response body that hands out its prefix, then either breaks like a dropped connection or stalls like a hung
/// one (until the read is cancelled), telling the test when it got there.
/// </summary>
internal sealed class ScriptedBodyStream : Stream
{
    private readonly byte[] _prefix;
    private readonly Exception? _failure;
    private readonly TaskCompletionSource _reachedEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    private ScriptedBodyStream(string prefix, Exception? failure)
    {
        _prefix = Encoding.UTF8.GetBytes(prefix);
        _failure = failure;
    }

    /// <summary>Completes when the reader has consumed the prefix and asked for more.</summary>
    public Task ReachedEnd => _reachedEnd.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Gives <paramref name="prefix"/>, then fails every read as a connection reset.</summary>
    public static ScriptedBodyStream ThenBreak(string prefix) =>
        new(prefix, new IOException("Unable to read data from the transport connection: Connection reset by peer."));

    /// <summary>Gives <paramref name="prefix"/>, then waits for bytes that never come.</summary>
    public static ScriptedBodyStream ThenStall(string prefix) => new(prefix, null);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < _prefix.Length)
        {
            int count = Math.Min(buffer.Length, _prefix.Length - _position);
            _prefix.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        _reachedEnd.TrySetResult();
        if (_failure is not null)
        {
            throw _failure;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The SDK reads asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
