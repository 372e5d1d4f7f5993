using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>The <c>IChatClient</c> adapter with Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c>: the two layers compose.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ChatClientTelemetryTests
{
    // TelemetryCapture listens to this source too, so MEAI's spans are captured beside the SDK's.
    private const string MeaiSource = "Aki.Client.Tests";

    [Fact]
    public async Task WithUseOpenTelemetryTheSdkSpanIsTheChildOfMeaisSpan()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!"), ("request-id", "req_meai"));
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());
        using IChatClient chat = client.AsIChatClient(AkiModels.Gemma4_26B).AsBuilder().UseOpenTelemetry(sourceName: MeaiSource).Build();

        ChatResponse response = await chat.GetResponseAsync("Hi");

        Assert.Equal("Hello!", response.Text);
        Activity sdk = capture.SingleCall;
        Activity? meai = sdk.Parent;
        Assert.NotNull(meai);
        Assert.Equal(MeaiSource, meai!.Source.Name);
        Assert.Equal("chat gemma4-26b", meai.DisplayName);
        Assert.Equal("chat gemma4-26b", sdk.DisplayName);
        Assert.Equal("req_meai", sdk.Tag("aki.request.id"));
        Assert.Equal(meai.Tag("gen_ai.response.model"), sdk.Tag("gen_ai.response.model"));
    }

    [Fact]
    public async Task WithoutUseOpenTelemetryTheAdapterRecordsOneSpan()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!"));
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());
        using IChatClient chat = client.AsIChatClient(AkiModels.Gemma4_26B);

        await chat.GetResponseAsync("Hi");

        Activity sdk = capture.SingleCall;
        Assert.Equal(MeaiSource, sdk.Parent?.Source.Name);
        Assert.Equal("test", sdk.Parent!.DisplayName);
    }
}
