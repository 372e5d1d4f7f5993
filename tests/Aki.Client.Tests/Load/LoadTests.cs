using System.Globalization;
using Aki.Client.Testing;
using Xunit.Abstractions;

namespace Aki.Client.Tests.Load;

/// <summary>
/// Load on loopback against the fixture server, bounded in count and time: 1,000 concurrent streams from one client,
/// every message right and no socket left open once the client is disposed; 10,000 sequential calls without the
/// managed heap growing.
/// </summary>
[Collection(SocketTestCollection.Name)]
public class LoadTests(ITestOutputHelper output)
{
    private const string Key = "sk-aki-load-test-0123456789";
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(50);

    private static MessageRequest Request() => new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("In one sentence: why does data residency in the EU matter?")] };

    [Fact]
    public async Task AThousandConcurrentStreamsFromOneClientAllCompleteAndLeaveNoSocketOpen()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync(new AkiFixtureServerOptions { ChunkSize = 4096 });
        int port = server.BaseAddress.Port;
        using var cancel = new CancellationTokenSource(s_bound);
        string expected;
        using (var client = new AkiClient(new AkiClientOptions { ApiKey = Key, Endpoint = server.BaseAddress, MaxRetries = 0 }))
        {
            Message reference = await client.Messages.StreamAsync(Request(), cancel.Token).GetFinalMessageAsync(cancel.Token);
            expected = reference.Text;
            Assert.False(string.IsNullOrWhiteSpace(expected));

            Message[] messages = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => client.Messages.StreamAsync(Request(), cancel.Token).GetFinalMessageAsync(cancel.Token))));

            Assert.All(messages, message =>
            {
                Assert.Equal(expected, message.Text);
                Assert.Equal(reference.StopReason, message.StopReason);
                Assert.Equal(reference.Usage?.OutputTokens, message.Usage?.OutputTokens);
                Assert.StartsWith("req_", message.RequestId, StringComparison.Ordinal);
            });
            Assert.Equal(1000, messages.Select(m => m.RequestId).Distinct().Count());
        }

        // The client is disposed: its connections close, and the server closes its ends. Nothing may stay
        // ESTABLISHED or CLOSE_WAIT on the server's port (TIME_WAIT is the normal end of a closed connection).
        IReadOnlyList<string> open = [];
        for (int wait = 0; wait < 100; wait++)
        {
            open = OpenSockets(port);
            if (open.Count == 0)
            {
                break;
            }

            await Task.Delay(100, cancel.Token);
        }

        output.WriteLine($"{open.Count} sockets ESTABLISHED or CLOSE_WAIT on port {port} after dispose");
        Assert.True(open.Count == 0, $"{open.Count} sockets still open on port {port}: {string.Join(", ", open.Take(5))}");
    }

    [Fact]
    public async Task TenThousandSequentialCallsDoNotGrowTheManagedHeap()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using var cancel = new CancellationTokenSource(s_bound);
        using var client = new AkiClient(new AkiClientOptions { ApiKey = Key, Endpoint = server.BaseAddress, MaxRetries = 0 });
        MessageRequest request = Request() with { };

        // Warm up: connection pool, JIT, fixture caches.
        for (int i = 0; i < 500; i++)
        {
            await client.Messages.CreateAsync(request, cancel.Token);
        }

        long before = SettledHeap();
        for (int i = 0; i < 10_000; i++)
        {
            Message message = await client.Messages.CreateAsync(request, cancel.Token);
            Assert.False(string.IsNullOrEmpty(message.Text));
        }

        long growth = SettledHeap() - before;
        output.WriteLine($"managed heap: {before:N0} bytes before, growth {growth:N0} bytes over 10,000 calls");

        // Anything kept per call would show as at least 10,000 times its size; 4 MiB allows for the runtime's own noise.
        Assert.True(growth < 4 * 1024 * 1024, $"the managed heap grew by {growth:N0} bytes over 10,000 calls");
    }

    private static long SettledHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Entries of /proc/net/tcp and tcp6 on the port (either end) in state ESTABLISHED (01) or CLOSE_WAIT (08).</summary>
    private static IReadOnlyList<string> OpenSockets(int port)
    {
        string hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var open = new List<string>();
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 3 && (columns[1].EndsWith(hexPort, StringComparison.Ordinal) || columns[2].EndsWith(hexPort, StringComparison.Ordinal))
                    && columns[3] is "01" or "08")
                {
                    open.Add($"{columns[1]}->{columns[2]} state {columns[3]}");
                }
            }
        }

        return open;
    }
}
