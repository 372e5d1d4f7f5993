using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Aki.Client.Serialization;

namespace Aki.Client.Tests.Serialization;

/// <summary>Content blocks are read by their <c>type</c> and written back in the same shape.</summary>
public class ContentBlockConverterTests
{
    public static TheoryData<string, Type> Blocks() => new()
    {
        { """{"type":"text","text":"Hi"}""", typeof(TextBlock) },
        { """{"type":"text","text":"Hi","citations":[{"type":"page_location","cited_text":"x","document_index":0,"start_page_number":1,"end_page_number":2}]}""", typeof(TextBlock) },
        { """{"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGR"}}""", typeof(ImageBlock) },
        { """{"type":"image","source":{"type":"url","url":"https://example.org/a.png"}}""", typeof(ImageBlock) },
        { """{"type":"document","source":{"type":"text","media_type":"text/plain","data":"abc"},"title":"T","citations":{"enabled":false}}""", typeof(DocumentBlock) },
        { """{"type":"document","source":{"type":"content","content":[{"type":"text","text":"abc"}]}}""", typeof(DocumentBlock) },
        { """{"type":"tool_use","id":"toolu_1","name":"f","input":{}}""", typeof(ToolUseBlock) },
        { """{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}""", typeof(ToolResultBlock) },
        { """{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"ok"}],"is_error":false}""", typeof(ToolResultBlock) },
        { """{"type":"thinking","thinking":"hmm","signature":"dummy-signature"}""", typeof(ThinkingBlock) },
        { """{"type":"redacted_thinking","data":"abc"}""", typeof(RedactedThinkingBlock) },
        { """{"type":"compaction","content":"summary","encrypted_content":"xyz"}""", typeof(UnknownContentBlock) },
        { """{"type":"mid_conv_system","content":[{"type":"text","text":"be brief"}],"cache_control":{"type":"ephemeral"}}""", typeof(UnknownContentBlock) },
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void BlockIsReadAsItsTypeAndWrittenBackUnchanged(string json, Type expectedType)
    {
        IReadOnlyList<ContentBlock> blocks = Read($"[{json}]");

        ContentBlock block = Assert.Single(blocks);
        Assert.IsType(expectedType, block);
        Assert.Equal(JsonDocument.Parse(json).RootElement.GetProperty("type").GetString(), block.Type);
        JsonAssert.Equivalent($"[{json}]", Write(blocks));
    }

    [Fact]
    public void BlockWithoutATypeIsKeptAsUnknown()
    {
        ContentBlock block = Assert.Single(Read("""[{"text":"where is my type"}]"""));

        UnknownContentBlock unknown = Assert.IsType<UnknownContentBlock>(block);
        Assert.Equal(string.Empty, unknown.Type);
        JsonAssert.Equivalent("""[{"text":"where is my type"}]""", Write([unknown]));
    }

    [Fact]
    public void BlockWithANonStringTypeIsKeptAsUnknown()
    {
        Assert.IsType<UnknownContentBlock>(Assert.Single(Read("""[{"type":7,"text":"x"}]""")));
    }

    [Fact]
    public void BlockThatIsNotAnObjectIsRejected()
    {
        Assert.ThrowsAny<JsonException>(() => Read("""["just text"]"""));
    }

    [Fact]
    public void NestedObjectsNamedTypeDoNotConfuseTheBlockKind()
    {
        ContentBlock block = Assert.Single(Read("""[{"input":{"type":"text"},"id":"t","name":"n","type":"tool_use"}]"""));

        Assert.Equal("text", Assert.IsType<ToolUseBlock>(block).Input.GetProperty("type").GetString());
    }

    [Fact]
    public async Task IncompleteToolUseCannotBeSentBack()
    {
        var truncated = new ToolUseBlock("toolu_9", "get_weather", default) { IncompleteInputJson = """{"locat""" };
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => client.Messages.CreateAsync(TestRequests.Hello() with
        {
            Messages = [MessageParam.User("Weather?"), MessageParam.Assistant(truncated)],
        }));

        Assert.Contains("toolu_9", e.Message, StringComparison.Ordinal);
        Assert.Contains("MessageRequest.Messages[1].Content[0]", e.Message, StringComparison.Ordinal);
        Assert.Empty(mock.Requests);
        Assert.Throws<InvalidOperationException>(() => truncated.GetInput(AkiJsonContext.Default.JsonElement));
    }

    [Fact]
    public void StringContentIsReadAsTextAndWrittenAsAString()
    {
        MessageContent content = JsonSerializer.Deserialize("\"hello\"", MessageContentTypeInfo())!;

        Assert.Equal("hello", content.Text);
        Assert.Null(content.Blocks);
        Assert.Equal("\"hello\"", JsonSerializer.Serialize(content, MessageContentTypeInfo()));
        Assert.Equal("hello", Assert.IsType<TextBlock>(Assert.Single(content.ToBlocks())).Text);
    }

    [Fact]
    public void OpenSetsCompareByTheirWireString()
    {
        Assert.Equal(StopReason.EndTurn, new StopReason("end_turn"));
        Assert.True(StopReason.ToolUse == "tool_use");
        Assert.Equal(MessageRole.User, (MessageRole)"user");
        Assert.Equal(ApiErrorType.Overloaded, new ApiErrorType("overloaded_error"));
        Assert.Equal(string.Empty, default(StopReason).Value);
        Assert.Throws<ArgumentNullException>(() => new StopReason(null!));
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<MessageContent> MessageContentTypeInfo() =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<MessageContent>)AkiJsonContext.Default.GetTypeInfo(typeof(MessageContent))!;

    private static IReadOnlyList<ContentBlock> Read(string json) =>
        JsonSerializer.Deserialize(json, AkiJsonContext.Default.IReadOnlyListContentBlock)!;

    private static string Write(IReadOnlyList<ContentBlock> blocks) =>
        JsonSerializer.Serialize(blocks, AkiJsonContext.Default.IReadOnlyListContentBlock);
}
