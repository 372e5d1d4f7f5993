using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Aki.Client.Testing.Tests;

/// <summary>HTTP/1.1 by hand over a socket, to see the chunks a server writes (HttpClient joins them).</summary>
internal static class RawHttp
{
    public static async Task<(string Head, List<byte[]> Chunks)> PostChunkedAsync(Uri baseAddress, string path, string body, string key)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using NetworkStream stream = client.GetStream();
        byte[] content = Encoding.UTF8.GetBytes(body);
        string request = $"POST {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nx-api-key: {key}\r\ncontent-type: application/json\r\ncontent-length: {content.Length}\r\nconnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await stream.WriteAsync(content);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received);
        byte[] bytes = received.ToArray();
        int headEnd = IndexOf(bytes, "\r\n\r\n"u8, 0);
        string head = Encoding.ASCII.GetString(bytes, 0, headEnd);
        var chunks = new List<byte[]>();
        int position = headEnd + 4;
        while (true)
        {
            int lineEnd = IndexOf(bytes, "\r\n"u8, position);
            int size = int.Parse(Encoding.ASCII.GetString(bytes, position, lineEnd - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0)
            {
                return (head, chunks);
            }

            chunks.Add(bytes.AsSpan(position, size).ToArray());
            position += size + 2;
        }
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value, int start)
    {
        int index = bytes.AsSpan(start).IndexOf(value);
        if (index < 0)
        {
            throw new InvalidDataException("The response ended early: " + Encoding.UTF8.GetString(bytes));
        }

        return start + index;
    }
}
