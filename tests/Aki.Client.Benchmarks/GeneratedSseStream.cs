using System.Text;

namespace Aki.Client.Benchmarks;

/// <summary>
/// A text stream of any length generated as it is read, so that measuring memory does not measure a body held in
/// memory: <c>message_start</c>, one text block of <paramref name="deltas"/> deltas, <c>message_delta</c>, <c>message_stop</c>.
/// </summary>
internal sealed class GeneratedSseStream(int deltas) : Stream
{
    public const string DeltaText = "Grüße aus Köln, 42 ";

    private static readonly byte[] s_head = Encoding.UTF8.GetBytes(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_gen\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"gemma4-26b\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":0}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");

    private static readonly byte[] s_delta = Encoding.UTF8.GetBytes(
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + DeltaText + "\"}}\n\n");

    private static readonly byte[] s_tail = Encoding.UTF8.GetBytes(
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":1}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    private int _piece = -1;
    private int _offset;

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
            byte[]? piece = _piece < 0 ? s_head : _piece < deltas ? s_delta : _piece == deltas ? s_tail : null;
            if (piece is null)
            {
                break;
            }

            int count = Math.Min(buffer.Length - written, piece.Length - _offset);
            piece.AsSpan(_offset, count).CopyTo(buffer.Slice(written));
            written += count;
            _offset += count;
            if (_offset == piece.Length)
            {
                _piece++;
                _offset = 0;
            }
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
