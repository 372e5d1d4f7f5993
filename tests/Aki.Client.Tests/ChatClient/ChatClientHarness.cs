using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Aki.Client.Tests.ChatClient;

/// <summary>An <see cref="IChatClient"/> over <see cref="MockAki"/>: what it sends is read back as JSON.</summary>
internal sealed class ChatClientHarness : IDisposable
{
    public ChatClientHarness(string? defaultModel = AkiModels.Gemma4_26B)
    {
        Client = Mock.CreateClient();
        Chat = Client.AsIChatClient(defaultModel);
    }

    public MockAki Mock { get; } = new();

    public AkiClient Client { get; }

    public IChatClient Chat { get; }

    public ChatClientHarness Reply(string json)
    {
        Mock.Reply(HttpStatusCode.OK, json, ("request-id", "req_chat_0001"));
        return this;
    }

    /// <summary>Sends through the adapter and returns the body that went on the wire.</summary>
    public async Task<JsonObject> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        await Chat.GetResponseAsync(messages, options);
        return JsonNode.Parse(Mock.Requests[^1].Body!)!.AsObject();
    }

    public Task<JsonObject> SendAsync(ChatOptions options, params ChatMessage[] messages) => SendAsync(messages, options);

    public void Dispose()
    {
        Chat.Dispose();
        Client.Dispose();
        Mock.Dispose();
    }
}
