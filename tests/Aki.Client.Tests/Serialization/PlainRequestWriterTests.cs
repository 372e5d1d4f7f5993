using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aki.Client.Serialization;
using Aki.Client.Tests.Properties;

namespace Aki.Client.Tests.Serialization;

/// <summary>
/// The hand-written writer of plain chat requests, held to the source-generated serializer as the oracle: for every
/// request it takes, its bytes are the serializer's bytes; whatever it does not take, the serializer writes.
/// </summary>
public class PlainRequestWriterTests
{
    private static readonly string[] s_texts =
    [
        "Hi.", string.Empty, "Grüße aus Köln", "\"quoted\" \\ back", "line\nbreak\ttab", "<script>&amp;</script>", "\u2028\u2029",
        "\u0001\u001f", "日本語のテキスト", "😀 emoji", "'single'", "+ & = ?",
    ];

    [Fact]
    public void APlainRequestIsWrittenByHandAsTheSerializerWritesIt()
    {
        var request = new MessageRequest
        {
            Model = AkiModels.Gemma4_26B,
            System = "Be brief.",
            Temperature = 0.7,
            StopSequences = ["\n\nUser:"],
            Messages = [MessageParam.User("Hi."), MessageParam.Assistant("Hello! 👋"), MessageParam.User(new TextBlock("Tell me more."))],
        };

        byte[]? written = PlainRequestWriter.TryWrite(request, 1024, stream: true);

        Assert.NotNull(written);
        Assert.Equal(Serialized(request, 1024, true), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void WhatOnlyTheSerializerWritesIsLeftToIt()
    {
        MessageRequest plain = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi.")] };
        JsonElement schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;

        Assert.Null(PlainRequestWriter.TryWrite(plain with { Tools = [new Tool("f", schema)] }, 10, null));
        Assert.Null(PlainRequestWriter.TryWrite(plain with { Thinking = ThinkingConfig.Enabled(1024) }, 10, null));
        Assert.Null(PlainRequestWriter.TryWrite(plain with { Metadata = new RequestMetadata() }, 10, null));
        Assert.Null(PlainRequestWriter.TryWrite(plain with { AdditionalProperties = new JsonObject { ["service_tier"] = "auto" } }, 10, null));
        Assert.Null(PlainRequestWriter.TryWrite(plain with { System = new[] { new TextBlock("s") } }, 10, null));
        Assert.Null(PlainRequestWriter.TryWrite(plain with { Messages = [MessageParam.User(new TextBlock("t") { CacheControl = CacheControl.Ephemeral })] }, 10, null));
        Assert.Null(PlainRequestWriter.TryWrite(plain with { Messages = [MessageParam.Assistant(new ToolUseBlock("t", "f", schema))] }, 10, null));
        Assert.Null(PlainRequestWriter.TryWrite(plain with { Messages = [MessageParam.User("x") with { AdditionalProperties = new Dictionary<string, JsonElement> { ["name"] = schema } }] }, 10, null));

        // A value the writer refuses goes to the serializer, which reports it its own way.
        Assert.Null(PlainRequestWriter.TryWrite(plain with { Temperature = double.NaN }, 10, null));

        // Text that is not valid UTF-16 is written as the serializer writes it.
        MessageRequest lone = plain with { Messages = [MessageParam.User("lone \ud800 surrogate")] };
        Assert.Equal(Serialized(lone, 10, null), Encoding.UTF8.GetString(PlainRequestWriter.TryWrite(lone, 10, null)!));
    }

    [Fact]
    public void TheBodySentIsTheSerializersForPlainAndOtherRequestsAlike()
    {
        using var client = new AkiClient(new AkiClientOptions { ApiKey = "sk-test" });
        MessageRequest plain = new() { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi.")], TopK = 5 };
        MessageRequest other = plain with { Thinking = ThinkingConfig.Enabled(2048), MaxTokens = 4096 };

        Assert.Equal(Serialized(plain, AkiModels.GetDefaultMaxTokens(plain.Model), true), Encoding.UTF8.GetString(client.Messages.Prepare(plain, stream: true)));
        Assert.Equal(Serialized(other, 4096, null), Encoding.UTF8.GetString(client.Messages.Prepare(other, stream: false)));
    }

    [Fact]
    public async Task WhateverTheWriterReturnsIsWhatTheSerializerWrites()
    {
        int written = 0;
        int checkedInputs = 0;
        await PropertyRun.CheckAsync(
            Choices.Gen(10, 80),
            values =>
            {
                var c = new Choices(values);
                (MessageRequest request, int maxTokens, bool? stream) = Request(c);
                byte[]? bytes = PlainRequestWriter.TryWrite(request, maxTokens, stream);
                checkedInputs++;
                if (bytes is not null)
                {
                    written++;
                    string? expected = TrySerialize(request, maxTokens, stream);
                    Assert.True(expected is not null, "The writer wrote a request the serializer refuses.");
                    Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
                }

                return Task.CompletedTask;
            },
            iterations: 3000,
            fixedSeed: 21,
            values => Describe(Request(new Choices(values)).Request));

        // Biased towards plain requests: a writer that gave up on everything would pass vacuously.
        Assert.True(written * 4 >= checkedInputs, $"Only {written} of {checkedInputs} generated requests were written by hand.");
    }

    private static (MessageRequest Request, int MaxTokens, bool? Stream) Request(Choices c)
    {
        var messages = new List<MessageParam>();
        int count = 1 + c.Next(4);
        for (int i = 0; i < count; i++)
        {
            MessageRole role = c.OneIn(10) ? new MessageRole(c.Pick("system", "", "tool")) : i % 2 == 0 ? MessageRole.User : MessageRole.Assistant;
            MessageContent content = c.OneIn(3) ? MessageContent.FromBlocks(Blocks(c)) : MessageContent.FromText(Text(c));
            var message = new MessageParam(role, content);
            if (c.OneIn(15))
            {
                message = message with { AdditionalProperties = new Dictionary<string, JsonElement> { ["name"] = JsonDocument.Parse("\"n\"").RootElement } };
            }

            messages.Add(message);
        }

        var request = new MessageRequest
        {
            Model = c.OneIn(6) ? Text(c) : AkiModels.Gemma4_26B,
            Messages = messages,
            MaxTokens = c.OneIn(3) ? c.Pick(1, 1024, 32_768) : null,
            System = c.OneIn(3) ? (c.OneIn(5) ? SystemPrompt.FromBlocks([new TextBlock(Text(c))]) : SystemPrompt.FromText(Text(c))) : null,
            Temperature = c.OneIn(2) ? c.Pick(0.0, 0.7, 1.0, 0.1 + 0.2, 1e-7, 2.5e10, -0.0) : null,
            TopP = c.OneIn(3) ? c.Pick(0.9, 1.0, 0.95) : null,
            TopK = c.OneIn(3) ? c.Pick(0, 40, -1, int.MaxValue) : null,
            StopSequences = c.OneIn(3) ? c.Pick<IReadOnlyList<string>>([], ["\n\nHuman:"], [Text(c), Text(c)]) : null,
            Thinking = c.OneIn(12) ? ThinkingConfig.Enabled(1024) : null,
            AdditionalProperties = c.OneIn(12) ? (c.OneIn(2) ? [] : new JsonObject { ["service_tier"] = "auto" }) : null,
            Stream = c.OneIn(4) ? c.Pick<bool?>(true, false) : null,
        };
        return (request, c.Pick(1, 8192, 32_768), c.Pick<bool?>(true, null, false));
    }

    private static List<ContentBlock> Blocks(Choices c)
    {
        var blocks = new List<ContentBlock>();
        int count = c.Next(3) + 1;
        for (int i = 0; i < count; i++)
        {
            blocks.Add(c.Next(10) switch
            {
                0 => new TextBlock(Text(c)) { CacheControl = CacheControl.Ephemeral },
                1 => new ThinkingBlock(Text(c)) { Signature = "sig" },
                _ => new TextBlock(Text(c)),
            });
        }

        return blocks;
    }

    private static string Text(Choices c) => c.OneIn(40) ? "lone \ud800" : c.Pick(s_texts) + (c.OneIn(3) ? c.Pick(s_texts) : string.Empty);

    private static string Serialized(MessageRequest request, int maxTokens, bool? stream) =>
        JsonSerializer.Serialize(request with { MaxTokens = maxTokens, Stream = stream }, AkiJsonContext.Default.MessageRequest);

    private static string? TrySerialize(MessageRequest request, int maxTokens, bool? stream)
    {
        try
        {
            return Serialized(request, maxTokens, stream);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException)
        {
            return null;
        }
    }

    private static string Describe(MessageRequest request) =>
        TrySerialize(request, 1, null) ?? $"(not serializable) {request.Messages.Count} messages";
}
