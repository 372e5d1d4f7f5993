using System;
using Microsoft.Extensions.Logging;

namespace Aki.Client.Diagnostics;

/// <summary>
/// Everything the SDK logs, as source-generated messages with stable event ids and names (listed in
/// docs/observability.md): ids never change meaning, so hosts can filter on them. Nothing here takes the API key, and
/// message content only reaches <see cref="RequestContent"/> / <see cref="ResponseContent"/>, which callers use under
/// <see cref="AkiClientOptions.CaptureMessageContent"/> alone.
/// </summary>
internal static partial class AkiLog
{
    [LoggerMessage(EventId = 1001, EventName = "UnknownModel", Level = LogLevel.Warning,
        Message = "'{Model}' is not a model AKI.IO serves, and AKI.IO does not reject unknown ids: it answers them with {FallbackModel}, billed as usual.{Hint} Known ids are listed in AkiModels and by client.Models.ListAsync().")]
    public static partial void UnknownModel(ILogger logger, string model, string fallbackModel, string hint);

    [LoggerMessage(EventId = 1002, EventName = "ModelFallback", Level = LogLevel.Warning,
        Message = "Model fallback: the request asked for '{RequestedModel}' but '{ServedModel}' answered. AKI.IO serves unknown model ids with {FallbackModel}; check the model id. Message.IsModelFallback is true on such results.")]
    public static partial void ModelFallback(ILogger logger, string requestedModel, string servedModel, string fallbackModel);

    [LoggerMessage(EventId = 1003, EventName = "ModelListUnavailable", Level = LogLevel.Warning,
        Message = "The model list (GET {Address}) could not be loaded: {Reason} Model checks and ModelsClient.GetAsync use {Fallback} until it loads again; this warning is not repeated until then.")]
    public static partial void ModelListUnavailable(ILogger logger, Exception failure, Uri address, string reason, string fallback);

    [LoggerMessage(EventId = 1004, EventName = "ModelListTruncated", Level = LogLevel.Warning,
        Message = "GET v1/models still reported more models after {Pages} pages; the catalogue holds the {Count} models read so far.")]
    public static partial void ModelListTruncated(ILogger logger, int pages, int count);

    [LoggerMessage(EventId = 2001, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "AKI.IO request failed ({Reason}); retry {Attempt} of {MaxRetries} in {Delay}.")]
    public static partial void RetryScheduled(ILogger logger, string reason, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(EventId = 2002, EventName = "ResponseReceived", Level = LogLevel.Debug,
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms (attempt {Attempt}, request-id {RequestId}).")]
    public static partial void ResponseReceived(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds, int attempt, string? requestId);

    [LoggerMessage(EventId = 2003, EventName = "AttemptFailed", Level = LogLevel.Debug,
        Message = "{Method} {Path} failed after {ElapsedMilliseconds:0.0} ms (attempt {Attempt}): {ErrorType}.")]
    public static partial void AttemptFailed(ILogger logger, string method, string path, double elapsedMilliseconds, int attempt, string errorType);

    [LoggerMessage(EventId = 2004, EventName = "RequestContent", Level = LogLevel.Trace,
        Message = "Request body of {Operation} {Model}: {Body}")]
    public static partial void RequestContent(ILogger logger, string operation, string model, string body);

    [LoggerMessage(EventId = 2005, EventName = "ResponseContent", Level = LogLevel.Trace,
        Message = "Answer of {Operation} {Model} (request-id {RequestId}): {Body}")]
    public static partial void ResponseContent(ILogger logger, string operation, string model, string? requestId, string body);

    [LoggerMessage(EventId = 3001, EventName = "StreamFailed", Level = LogLevel.Warning,
        Message = "The stream of '{Model}' failed after {Events} events (request-id {RequestId}, {Attempts} attempt(s)): {ErrorType}: {Reason}")]
    public static partial void StreamFailed(ILogger logger, string model, int events, string? requestId, int attempts, string errorType, string reason);

    [LoggerMessage(EventId = 3002, EventName = "StreamAbandoned", Level = LogLevel.Debug,
        Message = "The stream of '{Model}' was released after {Events} events, before message_stop (request-id {RequestId}).")]
    public static partial void StreamAbandoned(ILogger logger, string model, int events, string? requestId);

    [LoggerMessage(EventId = 3003, EventName = "StreamCancelled", Level = LogLevel.Debug,
        Message = "The stream of '{Model}' was cancelled by the caller after {Events} events (request-id {RequestId}).")]
    public static partial void StreamCancelled(ILogger logger, string model, int events, string? requestId);
}
