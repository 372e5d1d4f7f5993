using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Aki.Client.Diagnostics;

/// <summary>
/// The telemetry of one Messages call, from <see cref="MessagesTelemetry.Start"/> to its one ending: the answer
/// (<see cref="Succeeded"/>), a failure (<see cref="Failed"/>), or a stream the caller stopped reading
/// (<see cref="Abandoned"/>). The ending stops the activity and records the metrics; later endings are ignored.
/// </summary>
internal sealed class ChatCall
{
    private readonly MessagesTelemetry _owner;
    private readonly string _requestModel;
    private readonly bool _streaming;
    private readonly bool _logContent;
    private readonly long _started;
    private double? _timeToFirstChunk;
    private string? _servedModel;
    private int _events;
    private bool _opened;
    private int _ended;

    public ChatCall(MessagesTelemetry owner, Activity? activity, string requestModel, bool streaming, bool logContent)
    {
        _owner = owner;
        Activity = activity;
        _requestModel = requestModel;
        _streaming = streaming;
        _logContent = logContent;
        _started = owner.Time.GetTimestamp();
    }

    /// <summary>The call's activity, null when no listener samples it.</summary>
    public Activity? Activity { get; }

    /// <summary>
    /// Whether ending the call reads the message (span tags, token metrics, logged content). When only the Warning log
    /// of a stream fault listens, it does not, and the caller need not build one.
    /// </summary>
    public bool NeedsMessage => Activity is not null || _logContent || AkiDiagnostics.IsObserved;

    /// <summary>The stream's response arrived and is an event stream: failures from here on are stream faults.</summary>
    public void Opened() => _opened = true;

    /// <summary>Counts a stream's events and records the time to its first generated content.</summary>
    public void OnEvent(MessageStreamEvent streamEvent)
    {
        _events++;
        if (_timeToFirstChunk is not null)
        {
            return;
        }

        if (streamEvent is MessageStartEvent start)
        {
            _servedModel = start.Message.Model;
        }
        else if (streamEvent is ContentBlockDeltaEvent)
        {
            double seconds = _owner.Time.GetElapsedTime(_started).TotalSeconds;
            _timeToFirstChunk = seconds;
            if (AkiDiagnostics.TimeToFirstChunk.Enabled)
            {
                TagList tags = MetricTags(_servedModel);
                AkiDiagnostics.TimeToFirstChunk.Record(seconds, tags);
            }
        }
    }

    public void Succeeded(Message? message, string? requestId, int attempts) =>
        End(message, error: null, abandoned: false, requestId, attempts);

    public void Failed(Exception error, Message? partial, string? requestId, int attempts) =>
        End(partial, error, abandoned: false, requestId, attempts);

    public void Abandoned(Message? partial, string? requestId, int attempts) =>
        End(partial, error: null, abandoned: true, requestId, attempts);

    /// <summary>Formats values as MEAI does for array attributes: a JSON array as text, <c>["a", "b"]</c>.</summary>
    internal static string JsonArray(IReadOnlyList<string> values)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < values.Count; i++)
        {
            text.Append(i == 0 ? "\"" : ", \"").Append(JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(values[i])).Append('"');
        }

        return text.Append(']').ToString();
    }

    private void End(Message? message, Exception? error, bool abandoned, string? requestId, int attempts)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        double seconds = _owner.Time.GetElapsedTime(_started).TotalSeconds;
        string? responseModel = message is { Model.Length: > 0 } ? message.Model : _servedModel;
        bool fallback = responseModel is not null && !AkiModels.IsSameModel(_requestModel, responseModel);
        RecordMetrics(message, error, responseModel, fallback, seconds);
        Log(message, error, abandoned, requestId, attempts);

        Activity? activity = Activity;
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            AddResponseTags(activity, message, responseModel, fallback, abandoned, requestId, attempts);
        }

        if (error is not null)
        {
            activity.SetTag(GenAIAttributes.ErrorType, error.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, Describe(error));
        }

        // Stop makes the activity's parent current; a stream may end in its reader's context, which must keep its own.
        Activity? current = Activity.Current;
        activity.Stop();
        if (!ReferenceEquals(current, activity))
        {
            Activity.Current = current;
        }
    }

    private void AddResponseTags(Activity activity, Message? message, string? responseModel, bool fallback, bool abandoned, string? requestId, int attempts)
    {
        if (responseModel is not null)
        {
            activity.SetTag(GenAIAttributes.ResponseModel, responseModel);
            activity.SetTag(AkiAttributes.ModelFallback, fallback);
        }

        if (requestId is not null)
        {
            activity.SetTag(AkiAttributes.RequestId, requestId);
        }

        activity.SetTag(AkiAttributes.Attempts, attempts);
        if (abandoned)
        {
            activity.SetTag(AkiAttributes.StreamAbandoned, true);
        }

        if (_timeToFirstChunk is { } firstChunk)
        {
            activity.SetTag(GenAIAttributes.ResponseTimeToFirstChunk, firstChunk);
        }

        if (message is null)
        {
            return;
        }

        if (message.Id.Length > 0)
        {
            activity.SetTag(GenAIAttributes.ResponseId, message.Id);
        }

        if (message.StopReason is { } reason)
        {
            activity.SetTag(GenAIAttributes.ResponseFinishReasons, JsonArray([reason.Value]));
        }

        // The conventions count cached tokens as input tokens too; AKI.IO's input_tokens does not include them.
        Usage usage = message.Usage;
        activity.SetTag(GenAIAttributes.UsageInputTokens, usage.TotalInputTokens);
        activity.SetTag(GenAIAttributes.UsageOutputTokens, usage.OutputTokens);
        if (usage.CacheReadInputTokens is { } cacheRead)
        {
            activity.SetTag(GenAIAttributes.UsageCacheReadInputTokens, cacheRead);
        }

        if (usage.CacheCreationInputTokens is { } cacheCreation)
        {
            activity.SetTag(GenAIAttributes.UsageCacheCreationInputTokens, cacheCreation);
        }

        if (_owner.CaptureContent)
        {
            activity.SetTag(GenAIAttributes.OutputMessages, MessageContentWriter.Output(message));
        }
    }

    private void RecordMetrics(Message? message, Exception? error, string? responseModel, bool fallback, double seconds)
    {
        if (AkiDiagnostics.OperationDuration.Enabled)
        {
            TagList tags = MetricTags(responseModel);
            if (error is not null)
            {
                tags.Add(GenAIAttributes.ErrorType, error.GetType().FullName);
            }

            AkiDiagnostics.OperationDuration.Record(seconds, tags);
        }

        if (message is not null && AkiDiagnostics.TokenUsage.Enabled)
        {
            TagList input = MetricTags(responseModel);
            input.Add(GenAIAttributes.TokenType, GenAIAttributes.TokenTypeInput);
            AkiDiagnostics.TokenUsage.Record(message.Usage.TotalInputTokens, input);

            TagList output = MetricTags(responseModel);
            output.Add(GenAIAttributes.TokenType, GenAIAttributes.TokenTypeOutput);
            AkiDiagnostics.TokenUsage.Record(message.Usage.OutputTokens, output);
        }

        if (fallback && AkiDiagnostics.ModelFallbacks.Enabled)
        {
            AkiDiagnostics.ModelFallbacks.Add(1, MetricTags(responseModel));
        }
    }

    private void Log(Message? message, Exception? error, bool abandoned, string? requestId, int attempts)
    {
        ILogger logger = _owner.Logger;
        if (_streaming && error is OperationCanceledException)
        {
            AkiLog.StreamCancelled(logger, _requestModel, _events, requestId);
        }
        else if (_streaming && error is not null && _opened)
        {
            AkiLog.StreamFailed(logger, _requestModel, _events, requestId, attempts, error.GetType().Name, Describe(error));
        }
        else if (abandoned)
        {
            AkiLog.StreamAbandoned(logger, _requestModel, _events, requestId);
        }

        if (_logContent && message is not null && error is null && !abandoned)
        {
            AkiLog.ResponseContent(logger, GenAIAttributes.ChatOperation, _requestModel, requestId, MessageContentWriter.Output(message));
        }
    }

    /// <summary>
    /// The failure for a span's status or a log entry. An unreadable response's message quotes the body, which may be
    /// an answer's text: that stays on the exception unless content may be recorded.
    /// </summary>
    private string Describe(Exception error) =>
        error is AkiUnexpectedResponseException && !_owner.CaptureContent
            ? "AKI.IO sent a response the SDK could not read; the exception quotes it (recorded here only with CaptureMessageContent)."
            : error.Message;

    /// <summary>The attributes every metric carries, in the order MEAI adds them.</summary>
    private TagList MetricTags(string? responseModel)
    {
        var tags = new TagList
        {
            { GenAIAttributes.OperationName, GenAIAttributes.ChatOperation },
            { GenAIAttributes.RequestModel, _requestModel },
            { GenAIAttributes.ProviderName, AkiAttributes.ProviderNameValue },
            { GenAIAttributes.ServerAddress, _owner.ServerAddress },
            { GenAIAttributes.ServerPort, _owner.ServerPort },
        };
        if (responseModel is not null)
        {
            tags.Add(GenAIAttributes.ResponseModel, responseModel);
        }

        return tags;
    }
}
