using System;
using System.Diagnostics;
using System.Text;
using Aki.Client.Http;
using Microsoft.Extensions.Logging;

namespace Aki.Client.Diagnostics;

/// <summary>
/// A client's side of the telemetry of Messages calls: where it sends (for <c>server.*</c>), whether content may be
/// recorded, and where it logs. <see cref="Start"/> returns null when nothing would be recorded, so an unobserved call
/// allocates nothing for telemetry.
/// </summary>
internal sealed class MessagesTelemetry
{
    public MessagesTelemetry(AkiHttpPipeline pipeline)
    {
        Uri address = pipeline.BaseAddress;
        ServerAddress = address.Host;
        ServerPort = address.Port;
        CaptureContent = pipeline.Options.CaptureMessageContent;
        Time = pipeline.Time;
        Logger = pipeline.Logger;
    }

    public string ServerAddress { get; }

    public int ServerPort { get; }

    public bool CaptureContent { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>
    /// Starts recording one call (its activity becomes <see cref="Activity.Current"/>), or returns null when no
    /// listener, enabled instrument or log entry wants it: a stream's faults are logged at Warning, content at Trace.
    /// </summary>
    public ChatCall? Start(MessageRequest request, int maxTokens, byte[] body, bool streaming)
    {
        bool traced = AkiDiagnostics.ActivitySource.HasListeners();
        bool logContent = CaptureContent && Logger.IsEnabled(LogLevel.Trace);
        if (!AkiDiagnostics.IsObserved && !logContent && !(streaming && Logger.IsEnabled(LogLevel.Warning)))
        {
            return null;
        }

        Activity? activity = traced ? AkiDiagnostics.ActivitySource.StartActivity(GenAIAttributes.ChatOperation + " " + request.Model, ActivityKind.Client) : null;
        if (activity is { IsAllDataRequested: true })
        {
            AddRequestTags(activity, request, maxTokens, streaming);
        }

        if (logContent)
        {
            AkiLog.RequestContent(Logger, GenAIAttributes.ChatOperation, request.Model, Encoding.UTF8.GetString(body));
        }

        return new ChatCall(this, activity, request.Model, streaming, logContent);
    }

    private void AddRequestTags(Activity activity, MessageRequest request, int maxTokens, bool streaming)
    {
        activity.SetTag(GenAIAttributes.OperationName, GenAIAttributes.ChatOperation);
        activity.SetTag(GenAIAttributes.RequestModel, request.Model);
        activity.SetTag(GenAIAttributes.ProviderName, AkiAttributes.ProviderNameValue);
        if (streaming)
        {
            activity.SetTag(GenAIAttributes.RequestStream, true);
        }

        activity.SetTag(GenAIAttributes.ServerAddress, ServerAddress);
        activity.SetTag(GenAIAttributes.ServerPort, ServerPort);

        // The max_tokens sent, the SDK's default included: the request always carries one.
        activity.SetTag(GenAIAttributes.RequestMaxTokens, maxTokens);
        if (request.Temperature is { } temperature)
        {
            activity.SetTag(GenAIAttributes.RequestTemperature, temperature);
        }

        if (request.TopP is { } topP)
        {
            activity.SetTag(GenAIAttributes.RequestTopP, topP);
        }

        if (request.TopK is { } topK)
        {
            activity.SetTag(GenAIAttributes.RequestTopK, topK);
        }

        if (request.StopSequences is { Count: > 0 } stops)
        {
            activity.SetTag(GenAIAttributes.RequestStopSequences, ChatCall.JsonArray(stops));
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            activity.SetTag(GenAIAttributes.ToolDefinitions, MessageContentWriter.ToolDefinitions(tools, CaptureContent));
        }

        if (CaptureContent)
        {
            if (MessageContentWriter.SystemInstructions(request.System) is { } system)
            {
                activity.SetTag(GenAIAttributes.SystemInstructions, system);
            }

            activity.SetTag(GenAIAttributes.InputMessages, MessageContentWriter.Input(request.Messages));
        }
    }
}
