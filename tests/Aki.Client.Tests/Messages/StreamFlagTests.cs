using System.Text.Json;

namespace Aki.Client.Tests.Messages;

/// <summary>The <c>stream</c> field on the wire: set by the kind of call, and an explicit <c>false</c> kept.</summary>
public class StreamFlagTests
{
    [Fact]
    public async Task AWholeAnswerLeavesStreamOutUnlessTheCallerWroteFalse()
    {
        using JsonDocument plain = JsonDocument.Parse(await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello()));
        using JsonDocument explicitFalse = JsonDocument.Parse(await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { Stream = false }));
        using JsonDocument askedTrue = JsonDocument.Parse(await TestRequests.SendAndCaptureBodyAsync(TestRequests.Hello() with { Stream = true }));

        Assert.False(plain.RootElement.TryGetProperty("stream", out _));
        Assert.Equal(JsonValueKind.False, explicitFalse.RootElement.GetProperty("stream").ValueKind);
        Assert.False(askedTrue.RootElement.TryGetProperty("stream", out _));
    }
}
