using System.Threading.Tasks;

namespace Aki.Client.Tests;

internal static class TestRequests
{
    public static MessageRequest Hello(string model = AkiModels.Gemma4_26B) => new()
    {
        Model = model,
        MaxTokens = 256,
        Messages = [MessageParam.User("Hello")],
    };

    /// <summary>Sends a request through a mock and returns the JSON body that went on the wire.</summary>
    public static async Task<string> SendAndCaptureBodyAsync(MessageRequest request, System.Action<AkiClientOptions>? configure = null)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(configure);
        await client.Messages.CreateAsync(request);
        return mock.SingleRequest.Body!;
    }
}
