namespace Aki.Client;

/// <summary>
/// Keys of the <c>AdditionalProperties</c> an AKI.IO <c>IChatClient</c> sets on each <c>ChatResponse</c> (and on the
/// final <c>ChatResponseUpdate</c> of a stream), for what Microsoft.Extensions.AI has no property of its own.
/// </summary>
public static class AkiChatResponseProperties
{
    /// <summary>The <c>request-id</c> of the response (a <see cref="string"/>), to quote in support requests.</summary>
    public const string RequestId = "aki.request_id";

    /// <summary>
    /// True (a <see cref="bool"/>) when AKI.IO answered with another model than requested, as it does silently for
    /// unknown ids; see <see cref="Message.IsModelFallback"/>.
    /// </summary>
    public const string IsModelFallback = "aki.model_fallback";

    /// <summary>The model id the request asked for (a <see cref="string"/>); the one that answered is <c>ModelId</c>.</summary>
    public const string RequestedModel = "aki.requested_model";

    /// <summary>The stop sequence that ended the answer (a <see cref="string"/>), when one did.</summary>
    public const string StopSequence = "aki.stop_sequence";

    /// <summary>
    /// On a <c>FunctionCallContent</c> whose arguments were cut off (for example by <c>max_tokens</c>): the partial
    /// argument text (a <see cref="string"/>). Its <c>Arguments</c> are then null and its <c>Exception</c> says why.
    /// </summary>
    public const string IncompleteInputJson = "aki.incomplete_input_json";
}
