using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aki.Client.Tests;

/// <summary>
/// A loopback HTTP/1.1 server written by hand over sockets, for what a real server cannot be made to do: reset in the
/// middle of the headers, half-write a chunk, redirect, never read the request. Each connection is given to the
/// test's handler with the request head already read (the body is left unread, for the handler to read or not).
/// </summary>
internal sealed class RawSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawRequest, NetworkStream, Socket, Task> _handle;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public RawSocketServer(Func<RawRequest, NetworkStream, Socket, Task> handle)
    {
        _handle = handle;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>The heads of the requests received, in order.</summary>
    public List<RawRequest> Requests { get; } = [];

    /// <summary>A response head and body in one write, with content-length.</summary>
    public static byte[] Response(int status, string contentType, string body, params string[] headers)
    {
        byte[] content = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Status")}\r\ncontent-type: {contentType}\r\ncontent-length: {content.Length}\r\n");
        foreach (string header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. content];
    }

    /// <summary>Reads a request body of the given content-length (what the head already brought counts).</summary>
    public static async Task ReadBodyAsync(RawRequest request, NetworkStream stream)
    {
        int remaining = request.ContentLength - request.BodyStart.Length;
        var buffer = new byte[8192];
        while (remaining > 0)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)));
            if (read == 0)
            {
                return;
            }

            remaining -= read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAny(Task.WhenAll(connections), Task.Delay(TimeSpan.FromSeconds(5)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                RawRequest? request = await RawRequest.ReadAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                lock (Requests)
                {
                    Requests.Add(request);
                }

                await _handle(request, stream, socket);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away: what the test looks at is what the client saw.
            }
        }
    }
}

/// <summary>The head of one request as the raw server read it, and whatever body bytes came with it.</summary>
internal sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] BodyStart)
{
    public int ContentLength => Headers.TryGetValue("content-length", out string? value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public static async Task<RawRequest?> ReadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int end = received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                byte[] all = received.ToArray();
                string[] lines = Encoding.ASCII.GetString(all, 0, end).Split("\r\n");
                string[] start = lines[0].Split(' ');
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (string line in lines.Skip(1))
                {
                    int colon = line.IndexOf(':');
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }

                return new RawRequest(start[0], start[1], headers, all[(end + 4)..]);
            }

            int read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            received.Write(buffer, 0, read);
        }
    }
}
