namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The framer over every project fixture, the way the network breaks streams: each line ending, one byte per read,
/// random read sizes, the whole body at once, reads completing synchronously and asynchronously.
/// </summary>
public class SseFramerFixtureTests
{
    public static TheoryData<string, string, string, bool> Variants() => StreamFixtures.Variants();

    public static TheoryData<string> Fixtures() => StreamFixtures.AllNames();

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task FramerYieldsTheFixturesEventsWhateverTheLineEndingsAndReadSizes(string fixture, string lineEnding, string delivery, bool asyncReads)
    {
        byte[] lf = StreamFixtures.Read(fixture);
        List<SseEvent> expected = StreamFixtures.ExpectedEvents(lf);
        byte[] body = StreamFixtures.WithLineEnding(lf, lineEnding);

        List<SseEvent> framed = await Sse.FrameAsync(StreamFixtures.Deliver(body, delivery, asyncReads));

        Assert.Equal(expected, framed);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void OracleFramesEachFixtureLikeItsSimpleReading(string fixture)
    {
        // Guards the expectation above: System.Net.ServerSentEvents reads the fixture the same way (modulo its
        // "message" default for frames without an event line).
        byte[] lf = StreamFixtures.Read(fixture);

        List<SseEvent> expected = StreamFixtures.ExpectedEvents(lf);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => (e.SpecName, e.Data)), Sse.Oracle(lf).Select(e => (e.SpecName, e.Data)));
    }
}
