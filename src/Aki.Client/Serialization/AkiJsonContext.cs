using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>The SDK's only JSON metadata: source-generated, so no reflection runs and trimming and AOT are safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MessageRequest))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(TextBlock))]
[JsonSerializable(typeof(ImageBlock))]
[JsonSerializable(typeof(DocumentBlock))]
[JsonSerializable(typeof(ToolUseBlock))]
[JsonSerializable(typeof(ToolResultBlock))]
[JsonSerializable(typeof(ThinkingBlock))]
[JsonSerializable(typeof(RedactedThinkingBlock))]
[JsonSerializable(typeof(IReadOnlyList<ContentBlock>))]
[JsonSerializable(typeof(IReadOnlyList<TextBlock>))]
[JsonSerializable(typeof(Usage))]
[JsonSerializable(typeof(MessageStartEvent))]
[JsonSerializable(typeof(ContentBlockStartEvent))]
[JsonSerializable(typeof(ContentBlockDeltaEvent))]
[JsonSerializable(typeof(ContentBlockStopEvent))]
[JsonSerializable(typeof(MessageDeltaEvent))]
[JsonSerializable(typeof(MessageStopEvent))]
[JsonSerializable(typeof(PingEvent))]
[JsonSerializable(typeof(TextDelta))]
[JsonSerializable(typeof(InputJsonDelta))]
[JsonSerializable(typeof(ThinkingDelta))]
[JsonSerializable(typeof(SignatureDelta))]
[JsonSerializable(typeof(CitationsDelta))]
[JsonSerializable(typeof(Tool))]
[JsonSerializable(typeof(WebSearchTool))]
[JsonSerializable(typeof(CodeExecutionTool))]
[JsonSerializable(typeof(BashTool))]
[JsonSerializable(typeof(TextEditorTool))]
[JsonSerializable(typeof(ComputerTool))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class AkiJsonContext : JsonSerializerContext
{
}
