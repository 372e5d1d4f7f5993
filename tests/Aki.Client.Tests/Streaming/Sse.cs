using System.Net.ServerSentEvents;
using System.Text;
using Aki.Client.Streaming;

namespace Aki.Client.Tests.Streaming;

/// <summary>One framed event as the tests compare it: the event name and the data, both decoded from UTF-8.</summary>
/// <param name="Name">The <c>event:</c> value; empty when the event had none.</param>
/// <param name="Data">The data lines joined with <c>\n</c>.</param>
internal readonly record struct SseEvent(string Name, string Data)
{
    /// <summary>The name as WHATWG gives it to a listener: an empty or missing <c>event:</c> means <c>message</c>.</summary>
    public string SpecName => Name.Length == 0 ? "message" : Name;

    public override string ToString() => $"[{Name}] {Escape(Data)}";

    private static string Escape(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");
}

/// <summary>Drives the SDK's <see cref="SseFramer"/> and the runtime's <see cref="SseParser"/> over the same bytes.</summary>
internal static class Sse
{
    /// <summary>All events our framer produces from the stream, read the way <see cref="MessageStream"/> reads.</summary>
    public static async Task<List<SseEvent>> FrameAsync(Stream body, int maxEventSize = SseFramer.DefaultMaxEventSize)
    {
        var events = new List<SseEvent>();
        using var framer = new SseFramer(body, maxEventSize);
        while (true)
        {
            while (framer.TryReadEvent(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data))
            {
                events.Add(new SseEvent(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(data)));
            }

            if (!await framer.FillAsync(CancellationToken.None))
            {
                break;
            }
        }

        Assert.True(framer.IsCompleted, "The framer should report completion once the body ended and every event was read.");
        return events;
    }

    /// <summary>The oracle: what <see cref="SseParser"/> (System.Net.ServerSentEvents) frames from the same bytes.</summary>
    public static List<SseEvent> Oracle(byte[] body)
    {
        SseParser<string> parser = SseParser.Create(new MemoryStream(body, writable: false), static (_, data) => Encoding.UTF8.GetString(data));
        return parser.Enumerate().Select(item => new SseEvent(item.EventType, item.Data)).ToList();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
}
