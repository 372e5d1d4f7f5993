using System.Text.Json;
using Aki.Client.Streaming;

namespace Aki.Client.Tests.Messages;

/// <summary>
/// What the serializer cannot write (an empty JsonElement, a tool call cut off by a stream, a schema-less Tool) is
/// refused before sending with an ArgumentException that names the field and what to do, from CreateAsync, from
/// StreamAsync and from AkiJson alike; before, a schema-less tool threw "Operation is not valid due to the current
/// state of the object" from deep inside serialization (writing an undefined JsonElement).
/// </summary>
public class UnsendableRequestTests
{
    public static TheoryData<string, string, MessageRequest> Unsendable() => new()
    {
        { "MessageRequest.Tools[0]", "WebSearchTool", TestRequests.Hello() with { Tools = [new Tool("web_search", default)] } },
        { "MessageRequest.Tools[1]", "JSON Schema object", TestRequests.Hello() with { Tools = [new WebSearchTool(), new Tool("calc", JsonDocument.Parse("[]").RootElement)] } },
        { "MessageRequest.Tools[0]", "RawTool.Parse", TestRequests.Hello() with { Tools = [new RawTool(default)] } },
        { "MessageRequest.Tools[0]", "Type and a Name", TestRequests.Hello() with { Tools = [new BashTool { Name = "" }] } },
        { "MessageRequest.Tools[0].UserLocation", "JSON object", TestRequests.Hello() with { Tools = [new WebSearchTool { UserLocation = default(JsonElement) }] } },
        { "MessageRequest.Tools[0]", "is null", TestRequests.Hello() with { Tools = [null!] } },
        { "MessageRequest.Tools[0].AdditionalProperties[\"defer_loading\"]", "JSON value", TestRequests.Hello() with { Tools = [Tool.FromJsonSchema("t", "d", "{}") with { AdditionalProperties = new Dictionary<string, JsonElement> { ["defer_loading"] = default } }] } },
        { "MessageRequest.Messages[0].Content[0]", "no Input", TestRequests.Hello() with { Messages = [MessageParam.Assistant(new ToolUseBlock("t1", "calc", default))] } },
        { "MessageRequest.Messages[0].Content[0]", "UnknownContentBlock", TestRequests.Hello() with { Messages = [MessageParam.User(new UnknownContentBlock(default))] } },
        { "MessageRequest.Messages[0].Content[0].CacheControl", "CacheControl.Ephemeral", TestRequests.Hello() with { Messages = [MessageParam.User(new TextBlock("Hi") { CacheControl = new CacheControl("") })] } },
        { "MessageRequest.Messages[0].Content[0].Citations", "JSON object", TestRequests.Hello() with { Messages = [MessageParam.User(new TextBlock("Hi") { Citations = [default] })] } },
        { "MessageRequest.Messages[0].AdditionalProperties[\"x\"]", "JSON value", TestRequests.Hello() with { Messages = [MessageParam.User("Hi") with { AdditionalProperties = new Dictionary<string, JsonElement> { ["x"] = default } }] } },
        { "MessageRequest.System[0].CacheControl.AdditionalProperties[\"x\"]", "JSON value", TestRequests.Hello() with { System = new[] { new TextBlock("Be brief.") { CacheControl = CacheControl.Ephemeral with { AdditionalProperties = new Dictionary<string, JsonElement> { ["x"] = default } } } } } },
        { "MessageRequest.Messages[0].Content[0].Source.Content[0]", "cut off", TestRequests.Hello() with { Messages = [MessageParam.User(new DocumentBlock(DocumentSource.FromContent(new ContentBlock[] { new ToolUseBlock("t", "n", default) { IncompleteInputJson = "{" } })))] } },
    };

    [Theory]
    [MemberData(nameof(Unsendable))]
    public async Task CreateAsyncRefusesWithTheFieldAndTheFix(string field, string fix, MessageRequest request)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => client.Messages.CreateAsync(request));

        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Contains(fix, e.Message, StringComparison.Ordinal);
        Assert.Empty(mock.Requests);
    }

    [Theory]
    [MemberData(nameof(Unsendable))]
    public void StreamAsyncAndAkiJsonRefuseTheSame(string field, string fix, MessageRequest request)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        ArgumentException streaming = Assert.Throws<ArgumentException>(() => client.Messages.StreamAsync(request));
        ArgumentException json = Assert.Throws<ArgumentException>(() => AkiJson.SerializeToUtf8Bytes(request));

        Assert.Contains(field, streaming.Message, StringComparison.Ordinal);
        Assert.Contains(fix, json.Message, StringComparison.Ordinal);
        Assert.Empty(mock.Requests);
    }

    [Fact]
    public void WritingAMessageWithACutOffToolCallNamesTheCall()
    {
        var message = new Message { Content = [new ToolUseBlock("toolu_7", "write_file", default) { IncompleteInputJson = "{\"pa" }] };

        ArgumentException e = Assert.Throws<ArgumentException>(() => AkiJson.SerializeToUtf8Bytes(message));

        Assert.Contains("toolu_7", e.Message, StringComparison.Ordinal);
    }
}
