using System.Text;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// A long text stream produced on the fly, never held whole: message_start, one text block with
/// <see cref="DeltaCount"/> identical text deltas, then the closing events. Reads complete synchronously and
/// allocate nothing, so a test can measure what the SDK allocates per event on its own thread.
/// </summary>
internal sealed class GeneratedEventStream : Stream
{
    public const string DeltaText = "ab";

    private static readonly byte[] s_head = Encoding.UTF8.GetBytes(
        "event: message_start\n" +
        "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_long\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gemma4-26b\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\n" +
        "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");

    // Padded with trailing spaces, as real recordings are, to the length of a typical Anthropic delta frame.
    private static readonly byte[] s_delta = Encoding.UTF8.GetBytes(
        "event: content_block_delta\n" +
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + DeltaText + "\"}}" + new string(' ', 60) + "\n\n");

    private static readonly byte[] s_tail = Encoding.UTF8.GetBytes(
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":50000}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    private int _part;
    private int _deltasWritten;
    private int _offset;

    public GeneratedEventStream(int deltaCount) => DeltaCount = deltaCount;

    public int DeltaCount { get; }

    /// <summary>Events in the stream: two before the deltas, three after.</summary>
    public int EventCount => DeltaCount + 5;

    public long BodyLength => s_head.Length + ((long)s_delta.Length * DeltaCount) + s_tail.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        while (written < buffer.Length)
        {
            byte[]? part = _part switch
            {
                0 => s_head,
                1 when _deltasWritten < DeltaCount => s_delta,
                1 => null,
                2 => s_tail,
                _ => null,
            };
            if (part is null)
            {
                if (_part == 1)
                {
                    _part = 2;
                    continue;
                }

                break;
            }

            int count = Math.Min(buffer.Length - written, part.Length - _offset);
            part.AsSpan(_offset, count).CopyTo(buffer[written..]);
            written += count;
            _offset += count;
            if (_offset == part.Length)
            {
                _offset = 0;
                if (_part == 1)
                {
                    _deltasWritten++;
                }
                else
                {
                    _part++;
                }
            }
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
