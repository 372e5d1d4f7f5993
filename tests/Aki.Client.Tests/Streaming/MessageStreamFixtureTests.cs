using System.Collections.Concurrent;
using System.Text.Json;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// Every project fixture through the public API (MessageStream over MockHttp, the body delivered by a
/// <see cref="ChunkedStream"/>) in every framing variant: the events and the accumulated message never change.
/// </summary>
public class MessageStreamFixtureTests
{
    private static readonly ConcurrentDictionary<string, string> s_baselines = new(StringComparer.Ordinal);

    public static TheoryData<string, string, string, bool> Variants() => StreamFixtures.Variants();

    public static TheoryData<string> Fixtures() => StreamFixtures.AllNames();

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task StreamAccumulatesTheSameMessageWhateverTheLineEndingsAndReadSizes(string fixture, string lineEnding, string delivery, bool asyncReads)
    {
        byte[] body = StreamFixtures.WithLineEnding(StreamFixtures.Read(fixture), lineEnding);
        if (!s_baselines.TryGetValue(fixture, out string? baseline))
        {
            baseline = s_baselines.GetOrAdd(fixture, (await ReadAsync(StreamFixtures.Read(fixture), "whole", asyncReads: false)).Snapshot);
        }

        (List<string> types, string snapshot) = await ReadAsync(body, delivery, asyncReads);

        Assert.Equal(ExpectedTypes(fixture), types);
        Assert.Equal(baseline, snapshot);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task StreamAccumulatesTheMessageTheFixtureDescribes(string fixture)
    {
        using var harness = StreamingHarness.ForBody(() => new ChunkedStream(StreamFixtures.Read(fixture), _ => 97, async: true));
        MessageStream stream = harness.Stream();

        Message message = await stream.GetFinalMessageAsync();

        JsonSubset.AssertDeepSubset(StreamFixtures.Expected(fixture), MessageSnapshot.Of(message));
        Assert.Equal(StreamingHarness.RequestId, message.RequestId);
    }

    /// <summary>The event types the API yields: each frame's name, or its data's type when it has none; <c>[DONE]</c> is skipped.</summary>
    private static List<string> ExpectedTypes(string fixture) =>
        StreamFixtures.ExpectedEvents(StreamFixtures.Read(fixture))
            .Where(e => e.Data != "[DONE]")
            .Select(e => e.Name.Length > 0 ? e.Name : JsonDocument.Parse(e.Data).RootElement.GetProperty("type").GetString()!)
            .ToList();

    private static async Task<(List<string> Types, string Snapshot)> ReadAsync(byte[] body, string delivery, bool asyncReads)
    {
        using var harness = StreamingHarness.ForBody(() => StreamFixtures.Deliver(body, delivery, asyncReads));
        MessageStream stream = harness.Stream();
        var types = new List<string>();
        await foreach (MessageStreamEvent streamEvent in stream)
        {
            types.Add(streamEvent.Type);
        }

        Message message = await stream.GetFinalMessageAsync();
        return (types, MessageSnapshot.Text(message));
    }
}
