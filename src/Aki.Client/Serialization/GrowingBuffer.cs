using System;
using System.Buffers;

namespace Aki.Client.Serialization;

/// <summary>A minimal growing <see cref="IBufferWriter{T}"/> (ArrayBufferWriter is not in netstandard2.0).</summary>
internal sealed class GrowingBuffer : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[256];
    private int _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _written).ToArray();

    private void Ensure(int sizeHint)
    {
        int needed = _written + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
