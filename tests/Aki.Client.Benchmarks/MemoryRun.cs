using System.Net;
using System.Net.Http.Headers;

namespace Aki.Client.Benchmarks;

/// <summary>
/// <c>-- memory [deltas]</c>: what a long stream leaves behind and what it needs while it runs. Streams
/// <c>deltas</c> text deltas (500,000 by default) generated on the fly, three ways: the final message read and
/// dropped; enumerated and dropped; forwarded with <c>WithoutAccumulation()</c>. Live memory is read after full
/// collections, sampled every 25,000 events and at the end.
/// </summary>
internal static class MemoryRun
{
    private const int SampleEvery = 25_000;

    public static async Task RunAsync(int deltas)
    {
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, new HttpClient(new GeneratedHandler(deltas)) { Timeout = Timeout.InfiniteTimeSpan });
        var request = new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Tell me a long story.")] };

        // Warm up every path once on a short stream, so the figures below are what the long stream adds.
        using (var warm = new AkiClient(new AkiClientOptions { ApiKey = "bench" }, new HttpClient(new GeneratedHandler(1_000)) { Timeout = Timeout.InfiniteTimeSpan }))
        {
            await warm.Messages.StreamAsync(request).GetFinalMessageAsync();
            await foreach (MessageStreamEvent unused in warm.Messages.StreamAsync(request).WithoutAccumulation())
            {
            }
        }

        long textBytes = (long)deltas * GeneratedSseStream.DeltaText.Length * sizeof(char);
        Console.WriteLine($"{deltas:N0} deltas, {textBytes / 1024.0 / 1024.0:F1} MiB of text as a .NET string");

        long before = Live();
        (long peak, int length) = await AccumulateAsync(client, request, before);
        long held = Live() - before;
        Console.WriteLine($"accumulated: text {length:N0} chars; peak live growth {peak / 1024.0 / 1024.0:F1} MiB ({(double)peak / textBytes:F2}x the text); held after the caller dropped it {held / 1024.0 / 1024.0:F2} MiB");

        before = Live();
        peak = await ForwardAsync(client, request, before);
        held = Live() - before;
        Console.WriteLine($"WithoutAccumulation: peak live growth {peak / 1024.0 / 1024.0:F2} MiB; held after {held / 1024.0 / 1024.0:F2} MiB");
    }

    // Separate methods, so that nothing of the stream stays reachable from the caller's state machine.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<(long Peak, int Length)> AccumulateAsync(AkiClient client, MessageRequest request, long before)
    {
        long peak = 0;
        MessageStream stream = client.Messages.StreamAsync(request);
        int events = 0;
        await foreach (MessageStreamEvent unused in stream)
        {
            if (++events % SampleEvery == 0)
            {
                peak = Math.Max(peak, Live() - before);
            }
        }

        Message message = await stream.GetFinalMessageAsync();
        peak = Math.Max(peak, Live() - before);
        return (peak, message.Text.Length);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<long> ForwardAsync(AkiClient client, MessageRequest request, long before)
    {
        long peak = 0;
        int events = 0;
        await foreach (MessageStreamEvent unused in client.Messages.StreamAsync(request).WithoutAccumulation())
        {
            if (++events % SampleEvery == 0)
            {
                peak = Math.Max(peak, Live() - before);
            }
        }

        return peak;
    }

    private static long Live()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class GeneratedHandler(int deltas) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new GeneratedSseStream(deltas), 16 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
