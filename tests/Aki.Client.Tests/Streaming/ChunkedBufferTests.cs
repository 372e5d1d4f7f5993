using Aki.Client.Streaming;

namespace Aki.Client.Tests.Streaming;

/// <summary>The chunked buffer the accumulator collects text and tool arguments in.</summary>
public class ChunkedBufferTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 10_000)]
    [InlineData(300, 200)]
    [InlineData(20_000, 3)]
    [InlineData(100_000, 2)]
    public void WhatIsAppendedComesOutInOrderAcrossChunks(int pieceLength, int pieces)
    {
        var buffer = new ChunkedBuffer<char>();
        var expected = new System.Text.StringBuilder();
        for (int i = 0; i < pieces; i++)
        {
            string piece = new((char)('a' + (i % 26)), pieceLength);
            buffer.Append(piece.AsSpan());
            expected.Append(piece);
        }

        Assert.Equal(expected.Length, buffer.Length);
        Assert.Equal(expected.ToString(), new string(buffer.ToArray()));
        buffer.Release();
        Assert.Equal(0, buffer.Length);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 3)]
    [InlineData(300, 1)]
    [InlineData(97, 2_000)]
    [InlineData(40_000, 3)]
    public void TheSequenceViewHoldsWhatTheArrayHolds(int pieceLength, int pieces)
    {
        var buffer = new ChunkedBuffer<byte>();
        for (int i = 0; i < pieces; i++)
        {
            buffer.Append(Enumerable.Range(0, pieceLength).Select(j => (byte)((i * 31) + j)).ToArray());
        }

        System.Buffers.ReadOnlySequence<byte> sequence = buffer.AsSequence();

        Assert.Equal(buffer.Length, sequence.Length);
        Assert.Equal(buffer.ToArray(), System.Buffers.BuffersExtensions.ToArray(sequence));
        if (pieceLength * pieces > ChunkedBuffer<byte>.LargestPooledLength)
        {
            Assert.False(sequence.IsSingleSegment);
        }
    }

    [Fact]
    public void SpansHandedOutHoldWhatIsWrittenInOnePiece()
    {
        var buffer = new ChunkedBuffer<byte>();
        var expected = new List<byte>();
        for (int i = 0; i < 5_000; i++)
        {
            int length = 1 + (i % 37);
            Span<byte> room = buffer.GetSpan(length);
            Assert.True(room.Length >= length);
            for (int j = 0; j < length; j++)
            {
                room[j] = (byte)(i + j);
                expected.Add((byte)(i + j));
            }

            buffer.Advance(length);
        }

        Assert.Equal(expected, buffer.ToArray());
    }

    [Fact]
    public void ShortContentStaysInOneChunk()
    {
        var buffer = new ChunkedBuffer<char>();
        buffer.Append("Hello".AsSpan());

        Assert.True(buffer.TryGetSingleChunk(out char[] chunk, out int length));
        Assert.Equal("Hello", new string(chunk, 0, length));
    }

    [Fact]
    public void AnEmptyBufferIsAnEmptyArray()
    {
        Assert.Empty(new ChunkedBuffer<byte>().ToArray());
    }
}
