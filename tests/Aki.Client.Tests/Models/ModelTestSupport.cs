using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Models;

/// <summary>Builders shared by the model catalogue tests.</summary>
internal static class ModelTestSupport
{
    public const string ApiKey = "sk-test-models-0123456789";
    public const string AnthropicList = "https://aki.io/anthropic/v1/models";
    public const string CompatibleList = "https://aki.io/v1/models";
    public const string MessagesUrl = "https://aki.io/anthropic/v1/messages";

    public static AkiClient CreateClient(
        HttpMessageHandler handler,
        FakeTimeProvider? time = null,
        CollectingLoggerFactory? logs = null,
        Action<AkiClientOptions>? configure = null)
    {
        var options = new AkiClientOptions
        {
            ApiKey = ApiKey,
            MaxRetries = 0,
            TimeProvider = time ?? new FakeTimeProvider(),
            LoggerFactory = logs,
        };
        configure?.Invoke(options);
        // The HttpClient timeout is only a safety net: a test that hangs fails in seconds instead of 100.
        return new AkiClient(options, new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) });
    }

    /// <summary>
    /// A top-level field of a sent request body, read by pattern rather than by parsing, so these tests do not depend on
    /// the rest of the body being well-formed.
    /// </summary>
    public static async Task<string?> SentField(HttpRequestMessage request, string name)
    {
        string body = await request.Content!.ReadAsStringAsync();
        Match match = Regex.Match(body, "\"" + Regex.Escape(name) + "\"\\s*:\\s*(?:\"(?<text>[^\"]*)\"|(?<number>-?[0-9]+))");
        return !match.Success ? null : match.Groups["text"].Success ? match.Groups["text"].Value : match.Groups["number"].Value;
    }

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A <c>/v1/messages</c> answer from <paramref name="servedModel"/>.</summary>
    public static string MessageFrom(string servedModel) => $$$"""
        {"id":"msg_1","type":"message","role":"assistant","model":"{{{servedModel}}}",
         "content":[{"type":"text","text":"Hello."}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":5,"output_tokens":2}}
        """;

    public static MessageRequest Request(string model, int? maxTokens = null) => new()
    {
        Model = model,
        MaxTokens = maxTokens,
        Messages = [MessageParam.User("Hi")],
    };

    /// <summary>An OpenAI/vLLM-shaped list of the given ids, each with <c>max_model_len</c> 0 unless a length is given.</summary>
    public static string CompatibleListOf(params (string Id, int MaxModelLen)[] models) =>
        "{\"object\":\"list\",\"data\":[" + string.Join(",", models.Select(model =>
            $"{{\"id\":\"{model.Id}\",\"object\":\"model\",\"created\":1767225600,\"owned_by\":\"aki\",\"max_model_len\":{model.MaxModelLen}}}")) + "]}";
}

/// <summary>Collects log entries from Information up in memory (the Debug request summaries are tested on their own); thread-safe.</summary>
internal sealed class CollectingLoggerFactory : ILoggerFactory
{
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    public IReadOnlyList<string> Warnings => Entries.Where(entry => entry.Level >= LogLevel.Warning).Select(entry => entry.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (owner._entries)
            {
                owner._entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>A server that accepts the request and never answers; only cancellation ends the wait.</summary>
internal sealed class HangingHandler : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
