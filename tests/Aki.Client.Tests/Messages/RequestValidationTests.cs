using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Aki.Client.Tests.Messages;

/// <summary>Requests the API would reject fail before anything is sent, with an ArgumentException naming the field.</summary>
public class RequestValidationTests
{
    public static TheoryData<string, MessageRequest> InvalidRequests() => new()
    {
        { "MessageRequest.Model", TestRequests.Hello() with { Model = null! } },
        { "MessageRequest.Model", TestRequests.Hello() with { Model = string.Empty } },
        { "MessageRequest.Model", TestRequests.Hello() with { Model = "   " } },
        { "MessageRequest.Messages", TestRequests.Hello() with { Messages = [] } },
        { "MessageRequest.Messages", TestRequests.Hello() with { Messages = null! } },
        { "MessageRequest.Messages[1]", TestRequests.Hello() with { Messages = [MessageParam.User("Hi"), null!] } },
        { "MessageRequest.MaxTokens", TestRequests.Hello() with { MaxTokens = 0 } },
        { "MessageRequest.MaxTokens", TestRequests.Hello() with { MaxTokens = -5 } },
        { "MessageRequest.MaxTokens", TestRequests.Hello(AkiModels.Gemma4_26B) with { MaxTokens = 32769 } },
        { "MessageRequest.MaxTokens", TestRequests.Hello(AkiModels.ApertusChat70B) with { MaxTokens = 8193 } },
        { "MessageRequest.MaxTokens", TestRequests.Hello(AkiModels.Gemma4Chat26B) with { MaxTokens = 40000 } },
        { "MessageRequest.Temperature", TestRequests.Hello() with { Temperature = -0.1 } },
        { "MessageRequest.Temperature", TestRequests.Hello() with { Temperature = 1.01 } },
        { "MessageRequest.Temperature", TestRequests.Hello() with { Temperature = double.NaN } },
        { "MessageRequest.TopP", TestRequests.Hello() with { TopP = 1.5 } },
        { "MessageRequest.TopK", TestRequests.Hello() with { TopK = 0 } },
        { "MessageRequest.Thinking.BudgetTokens", TestRequests.Hello() with { Thinking = ThinkingConfig.Enabled(0) } },
        { "MessageRequest.System", TestRequests.Hello() with { System = string.Empty } },
        { "MessageRequest.System[1]", TestRequests.Hello() with { System = new[] { new TextBlock("Be brief."), new TextBlock(string.Empty) } } },
        { "MessageRequest.Messages[0].Content", TestRequests.Hello() with { Messages = [MessageParam.User(string.Empty)] } },
        { "MessageRequest.Messages[0].Content", TestRequests.Hello() with { Messages = [new MessageParam(MessageRole.User, null!)] } },
        { "MessageRequest.Messages[0].Content", TestRequests.Hello() with { Messages = [MessageParam.User(Array.Empty<ContentBlock>())] } },
        { "MessageRequest.Messages[0].Content[1]", TestRequests.Hello() with { Messages = [MessageParam.User(new TextBlock("Look:"), new TextBlock(string.Empty))] } },
        { "MessageRequest.Messages[0].Content[0]", TestRequests.Hello() with { Messages = [MessageParam.User(new ContentBlock[] { null! })] } },
        { "MessageRequest.Messages[0].Content[0].Content", TestRequests.Hello() with { Messages = [MessageParam.User(new ToolResultBlock("t1") { Content = new ContentBlock[] { new TextBlock(string.Empty) } })] } },
        { "MessageRequest.Tools[0]", TestRequests.Hello() with { Tools = [Tool.FromJsonSchema(" ", "nameless", """{"type":"object"}""")] } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task InvalidRequestThrowsArgumentExceptionNamingTheFieldAndSendsNothing(string field, MessageRequest request)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => client.Messages.CreateAsync(request));

        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Equal("request", e.ParamName);
        Assert.Empty(mock.Requests);
    }

    [Fact]
    public async Task NullRequestThrowsArgumentNullException()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        ArgumentNullException e = await Assert.ThrowsAsync<ArgumentNullException>(() => client.Messages.CreateAsync(null!));

        Assert.Equal("request", e.ParamName);
        Assert.Empty(mock.Requests);
    }

    [Fact]
    public async Task MaxTokensAboveTheLimitSaysTheLimitAndTheDefault()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => client.Messages.CreateAsync(TestRequests.Hello(AkiModels.GptOss120B) with { MaxTokens = 50000 }));

        Assert.Contains("32768", e.Message, StringComparison.Ordinal);
        Assert.Contains("8192", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<MessageRequest> ValidEdgeRequests() => new()
    {
        TestRequests.Hello(AkiModels.Gemma4_26B) with { MaxTokens = 32768 },
        TestRequests.Hello(AkiModels.ApertusChat70B) with { MaxTokens = 8192 },
        TestRequests.Hello() with { MaxTokens = 1 },
        TestRequests.Hello() with { Temperature = 0.0, TopP = 1.0, TopK = 1 },
        TestRequests.Hello() with { Messages = [MessageParam.User(new ToolResultBlock("t1") { Content = string.Empty })] },
        TestRequests.Hello() with { Messages = [MessageParam.User(new ToolResultBlock("t1"))] },
        TestRequests.Hello() with { Messages = [MessageParam.User("Hi"), MessageParam.Assistant("The answer is")] },
    };

    [Theory]
    [MemberData(nameof(ValidEdgeRequests))]
    public async Task RequestsAtTheEdgeOfTheRulesAreSent(MessageRequest request)
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();

        await client.Messages.CreateAsync(request);

        Assert.Single(mock.Requests);
    }

    [Fact]
    public async Task MaxTokensOfAnUnknownModelIsNotCappedWhenTheGuardIsOff()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient(o => o.ModelValidation = ModelValidation.Off);

        await client.Messages.CreateAsync(TestRequests.Hello("my-finetune") with { MaxTokens = 100_000 });

        Assert.Equal(100_000, JsonAssert.Property(mock.SingleRequest.Body!, "max_tokens").GetValue<int>());
    }

    [Fact]
    public async Task ValidationDoesNotChangeTheCallersRequest()
    {
        using var mock = new MockAki();
        using AkiClient client = mock.CreateClient();
        MessageRequest request = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] };

        await client.Messages.CreateAsync(request);

        Assert.Null(request.MaxTokens);
    }

    [Fact]
    public void ToolWithASchemaThatIsNotAnObjectIsRefused()
    {
        ArgumentException notJson = Assert.Throws<ArgumentException>(() => Tool.FromJsonSchema("f", "d", "{type:"));
        ArgumentException notObject = Assert.Throws<ArgumentException>(() => Tool.FromJsonSchema("f", "d", "[1]"));

        Assert.Contains("not valid JSON", notJson.Message, StringComparison.Ordinal);
        Assert.Contains("must be a JSON object", notObject.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListOfBlocksConvertsToContent()
    {
        MessageContent content = new List<ContentBlock> { new TextBlock("a"), new TextBlock("b") };

        Assert.Equal(2, content.Blocks!.Count);
        Assert.Equal("ab", content.ToString());
    }
}
