using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Aki.Client.Http;

/// <summary>A whole response body read into one pooled buffer: a single copy from the network, returned on dispose.</summary>
internal sealed class ResponseBody : IDisposable
{
    /// <summary>The largest body read whole: 1 GiB.</summary>
    public const int MaxLength = 1024 * 1024 * 1024;

    private byte[]? _buffer;

    private ResponseBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => new(_buffer ?? throw new ObjectDisposedException(nameof(ResponseBody)), 0, Length);

    public byte[] Array => _buffer ?? throw new ObjectDisposedException(nameof(ResponseBody));

    /// <summary>Reads the body, or its first <paramref name="maxLength"/> bytes.</summary>
    public static async ValueTask<ResponseBody> ReadAsync(HttpContent content, CancellationToken cancellationToken, int maxLength = MaxLength)
    {
        long? declared = content.Headers.ContentLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxLength, declared is > 0 and < 64 * 1024 * 1024 ? declared.Value + 1 : 16 * 1024));
        int length = 0;
        try
        {
#if NET
            Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            while (true)
            {
                if (length >= maxLength)
                {
                    return new ResponseBody(buffer, maxLength);
                }

                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxLength)
                    {
                        throw new AkiUnexpectedResponseException($"The response body is larger than {MaxLength / (1024 * 1024)} MiB; no Messages API answer is that large.", 200, content.Headers.ContentType?.ToString(), null, null);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, MaxLength));
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int room = Math.Min(buffer.Length, maxLength) - length;
#if NET
                int read = await stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
#else
                int read = await stream.ReadAsync(buffer, length, room, cancellationToken).ConfigureAwait(false);
#endif
                if (read == 0)
                {
                    return new ResponseBody(buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
