using System;
using System.Buffers;
using System.Collections.Generic;

namespace Aki.Client.Streaming;

/// <summary>
/// Text or bytes collected from many small deltas, in chunks that are never copied when more arrives: growing never
/// moves what is held, so building the final value is the only copy. Chunks up to
/// <see cref="LargestPooledLength"/> come from the shared pool and go back to it; larger ones (a single huge delta)
/// are left to the GC, so a long stream cannot park big arrays in the process-wide pool.
/// </summary>
internal sealed class ChunkedBuffer<T>
{
    /// <summary>The largest chunk taken from (and returned to) the shared pool.</summary>
    internal const int LargestPooledLength = 16 * 1024;

    private const int FirstLength = 256;

    private List<T[]>? _full;
    private List<int>? _fullLengths;
    private T[] _current;
    private int _used;

    public ChunkedBuffer(int capacityHint = FirstLength)
    {
        _current = Take(Math.Max(FirstLength, capacityHint));
    }

    /// <summary>How many elements are held.</summary>
    public int Length { get; private set; }

    public void Append(ReadOnlySpan<T> values)
    {
        while (!values.IsEmpty)
        {
            if (_used == _current.Length)
            {
                NewChunk(values.Length);
            }

            int count = Math.Min(values.Length, _current.Length - _used);
            values.Slice(0, count).CopyTo(_current.AsSpan(_used));
            _used += count;
            Length += count;
            values = values.Slice(count);
        }
    }

    /// <summary>Room for at least <paramref name="length"/> elements in one piece; <see cref="Advance"/> says how many were written.</summary>
    public Span<T> GetSpan(int length)
    {
        if (_current.Length - _used < length)
        {
            NewChunk(length);
        }

        return _current.AsSpan(_used);
    }

    public void Advance(int count)
    {
        _used += count;
        Length += count;
    }

    /// <summary>Copies everything held, in order, to the start of <paramref name="destination"/>.</summary>
    public void CopyTo(Span<T> destination)
    {
        int offset = 0;
        if (_full is not null)
        {
            for (int i = 0; i < _full.Count; i++)
            {
                int length = _fullLengths![i];
                _full[i].AsSpan(0, length).CopyTo(destination.Slice(offset));
                offset += length;
            }
        }

        _current.AsSpan(0, _used).CopyTo(destination.Slice(offset));
    }

    /// <summary>The elements held, when they are in one chunk (always, for short text); otherwise false.</summary>
    public bool TryGetSingleChunk(out T[] array, out int length)
    {
        array = _current;
        length = _used;
        return _full is null;
    }

    /// <summary>The contents as one sequence over the chunks, without copying; valid until the buffer changes or is released.</summary>
    public ReadOnlySequence<T> AsSequence()
    {
        if (_full is null)
        {
            return new ReadOnlySequence<T>(_current, 0, _used);
        }

        var first = new Segment(_full[0].AsMemory(0, _fullLengths![0]), 0);
        Segment last = first;
        for (int i = 1; i < _full.Count; i++)
        {
            last = last.Append(_full[i].AsMemory(0, _fullLengths[i]));
        }

        last = last.Append(_current.AsMemory(0, _used));
        return new ReadOnlySequence<T>(first, 0, last, _used);
    }

    public T[] ToArray()
    {
        if (Length == 0)
        {
            return [];
        }

        var array = new T[Length];
        CopyTo(array);
        return array;
    }

    /// <summary>Gives the pooled chunks back; the buffer is empty and unusable afterwards.</summary>
    public void Release()
    {
        if (_full is not null)
        {
            foreach (T[] chunk in _full)
            {
                Give(chunk);
            }

            _full = null;
            _fullLengths = null;
        }

        Give(_current);
        _current = [];
        _used = 0;
        Length = 0;
    }

    private void NewChunk(int needed)
    {
        (_full ??= []).Add(_current);
        (_fullLengths ??= []).Add(_used);
        int next = Math.Min(LargestPooledLength, _current.Length * 2);
        _current = Take(Math.Max(next, needed));
        _used = 0;
    }

    private static T[] Take(int length) =>
        length <= LargestPooledLength ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    private static void Give(T[] chunk)
    {
        if (chunk.Length is > 0 and <= LargestPooledLength)
        {
            ArrayPool<T>.Shared.Return(chunk);
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<T>
    {
        public Segment(ReadOnlyMemory<T> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<T> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
