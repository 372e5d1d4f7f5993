using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>The span, metrics and logs of <see cref="MessagesClient.CreateAsync"/>.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class CreateTelemetryTests
{
    private const string CachedAnswer = """
        {"id":"msg_cached","type":"message","role":"assistant","model":"gemma4-26b",
         "content":[{"type":"text","text":"Cached."}],"stop_reason":"max_tokens","stop_sequence":null,
         "usage":{"input_tokens":12,"output_tokens":256,"cache_read_input_tokens":100,"cache_creation_input_tokens":50}}
        """;

    [Fact]
    public async Task CreateRecordsOneClientSpanWithTheGenAIAttributes()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply((_, _) =>
        {
            capture.Time.Advance(TimeSpan.FromSeconds(1.5));
            return Task.FromResult(MockAki.Json(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!"), ("request-id", "req_create")));
        });
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await client.Messages.CreateAsync(TestRequests.Hello() with
        {
            MaxTokens = 256,
            Temperature = 0.25,
            TopP = 0.9,
            TopK = 40,
            StopSequences = ["END", "STOP"],
        });

        Activity span = capture.SingleCall;
        Assert.Equal("chat gemma4-26b", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("chat", span.Tag("gen_ai.operation.name"));
        Assert.Equal("aki.io", span.Tag("gen_ai.provider.name"));
        Assert.Equal(AkiModels.Gemma4_26B, span.Tag("gen_ai.request.model"));
        Assert.Equal(256, span.Tag("gen_ai.request.max_tokens"));
        Assert.Equal(0.25, span.Tag("gen_ai.request.temperature"));
        Assert.Equal(0.9, span.Tag("gen_ai.request.top_p"));
        Assert.Equal(40, span.Tag("gen_ai.request.top_k"));
        Assert.Equal("[\"END\", \"STOP\"]", span.Tag("gen_ai.request.stop_sequences"));
        Assert.Equal(capture.Host, span.Tag("server.address"));
        Assert.Equal(443, span.Tag("server.port"));
        Assert.Equal(AkiModels.Gemma4_26B, span.Tag("gen_ai.response.model"));
        Assert.Equal("msg_01XFDUDYJgAACzvnptvVoYEL", span.Tag("gen_ai.response.id"));
        Assert.Equal("[\"end_turn\"]", span.Tag("gen_ai.response.finish_reasons"));
        Assert.Equal(12, span.Tag("gen_ai.usage.input_tokens"));
        Assert.Equal(6, span.Tag("gen_ai.usage.output_tokens"));
        Assert.Equal("req_create", span.Tag("aki.request.id"));
        Assert.Equal(1, span.Tag("aki.request.attempts"));
        Assert.Equal(false, span.Tag("aki.response.model_fallback"));
        span.HasNoTag("gen_ai.request.stream");
        span.HasNoTag("error.type");
        span.HasNoTag("gen_ai.input.messages");
        span.HasNoTag("gen_ai.output.messages");
    }

    [Fact]
    public async Task CreateRecordsTheOperationDurationAndTokenUsageWithTheConventionsAttributes()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply((_, _) =>
        {
            capture.Time.Advance(TimeSpan.FromSeconds(1.5));
            return Task.FromResult(MockAki.Json(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!")));
        });
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await client.Messages.CreateAsync(TestRequests.Hello());

        var duration = Assert.Single(capture.Of(capture.Durations));
        Assert.Equal(1.5, duration.Value);
        Assert.Equal("chat", duration.Tags["gen_ai.operation.name"]);
        Assert.Equal("aki.io", duration.Tags["gen_ai.provider.name"]);
        Assert.Equal(AkiModels.Gemma4_26B, duration.Tags["gen_ai.request.model"]);
        Assert.Equal(AkiModels.Gemma4_26B, duration.Tags["gen_ai.response.model"]);
        Assert.Equal(443, duration.Tags["server.port"]);
        Assert.False(duration.Tags.ContainsKey("error.type"));

        var tokens = capture.Of(capture.Tokens);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(12, Assert.Single(tokens, t => Equals(t.Tags["gen_ai.token.type"], "input")).Value);
        Assert.Equal(6, Assert.Single(tokens, t => Equals(t.Tags["gen_ai.token.type"], "output")).Value);
        Assert.All(tokens, t => Assert.Equal(AkiModels.Gemma4_26B, t.Tags["gen_ai.response.model"]));
        Assert.Empty(capture.Of(capture.Fallbacks));
        Assert.Empty(capture.Of(capture.FirstChunk));
    }

    [Fact]
    public async Task InputTokensIncludeCachedTokensAsTheConventionsCountThemAndCacheTokensHaveTheirOwnAttributes()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, CachedAnswer);
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await client.Messages.CreateAsync(TestRequests.Hello());

        Activity span = capture.SingleCall;
        Assert.Equal(162, span.Tag("gen_ai.usage.input_tokens"));
        Assert.Equal(100, span.Tag("gen_ai.usage.cache_read.input_tokens"));
        Assert.Equal(50, span.Tag("gen_ai.usage.cache_creation.input_tokens"));
        Assert.Equal("[\"max_tokens\"]", span.Tag("gen_ai.response.finish_reasons"));
        Assert.Equal(162, Assert.Single(capture.Of(capture.Tokens), t => Equals(t.Tags["gen_ai.token.type"], "input")).Value);
    }

    [Fact]
    public async Task AnErrorAnswerSetsTheErrorStatusAndErrorTypeOnTheSpanAndTheDuration()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.BadRequest, """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too large"}}""", ("request-id", "req_bad"));
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await Assert.ThrowsAsync<AkiBadRequestException>(() => client.Messages.CreateAsync(TestRequests.Hello()));

        Activity span = capture.SingleCall;
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains("max_tokens: too large", span.StatusDescription, StringComparison.Ordinal);
        Assert.Equal("Aki.Client.AkiBadRequestException", span.Tag("error.type"));
        Assert.Equal("req_bad", span.Tag("aki.request.id"));
        Assert.Equal(1, span.Tag("aki.request.attempts"));
        span.HasNoTag("gen_ai.response.model");
        span.HasNoTag("gen_ai.usage.input_tokens");

        var duration = Assert.Single(capture.Of(capture.Durations));
        Assert.Equal("Aki.Client.AkiBadRequestException", duration.Tags["error.type"]);
        Assert.Empty(capture.Of(capture.Tokens));
    }

    [Fact]
    public async Task RetriesAreCountedOnTheSpanAndLoggedOnceAsAWarningWithPollysEventsAtDebug()
    {
        using var capture = new TelemetryCapture();
        using var script = new ReplyScript(
            ReplyScript.Status(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""),
            ReplyScript.Ok("after a retry", ("request-id", "req_retried")));
        using var client = new AkiClient(capture.Options(o => { o.MaxRetries = 2; o.RetryBaseDelay = TimeSpan.Zero; }), script.Handler.ToHttpClient());
        using var pollyEvents = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<int>(null, "Polly", "resilience.polly.strategy.events");

        await client.Messages.CreateAsync(TestRequests.Hello());

        Activity span = capture.SingleCall;
        Assert.Equal(2, span.Tag("aki.request.attempts"));
        Assert.Equal("req_retried", span.Tag("aki.request.id"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        var warnings = capture.LogRecords.Where(r => r.Level == LogLevel.Warning).ToList();
        var retry = Assert.Single(warnings);
        Assert.Equal(2001, retry.Id.Id);
        Assert.Equal("RetryScheduled", retry.Id.Name);
        Assert.Equal("HTTP 529", retry.GetStructuredStateValue("Reason"));
        Assert.Contains(capture.LogRecords, r => r.Category == "Polly" && r.Level == LogLevel.Debug && r.Message.Contains("OnRetry", StringComparison.Ordinal));
        Assert.Contains(pollyEvents.GetMeasurementSnapshot(), m => Equals(m.Tags["event.name"], "OnRetry") && Equals(m.Tags["pipeline.name"], "Aki.Client"));
    }

    [Fact]
    public async Task AModelFallbackIsFlaggedOnTheSpanCountedAndLogged()
    {
        using var capture = new TelemetryCapture();
        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, TestResponses.Text(AkiModels.MiniMaxM25_230B, "I am another model."));
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        Message message = await client.Messages.CreateAsync(TestRequests.Hello(AkiModels.Gemma4_26B));

        Assert.True(message.IsModelFallback);
        Activity span = capture.SingleCall;
        Assert.Equal(true, span.Tag("aki.response.model_fallback"));
        Assert.Equal(AkiModels.Gemma4_26B, span.Tag("gen_ai.request.model"));
        Assert.Equal(AkiModels.MiniMaxM25_230B, span.Tag("gen_ai.response.model"));

        var fallback = Assert.Single(capture.Of(capture.Fallbacks));
        Assert.Equal(1, fallback.Value);
        Assert.Equal(AkiModels.Gemma4_26B, fallback.Tags["gen_ai.request.model"]);
        Assert.Equal(AkiModels.MiniMaxM25_230B, fallback.Tags["gen_ai.response.model"]);

        var log = Assert.Single(capture.LogRecords, r => r.Id.Id == 1002);
        Assert.Equal("ModelFallback", log.Id.Name);
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Equal(AkiModels.MiniMaxM25_230B, log.GetStructuredStateValue("ServedModel"));
    }

    [Fact]
    public async Task ACancelledCallEndsItsSpanWithTheCancellationAsTheErrorType()
    {
        using var capture = new TelemetryCapture();
        using var script = new ReplyScript(ReplyScript.Hang());
        using var client = new AkiClient(capture.Options(), script.Handler.ToHttpClient());
        using var cancel = new CancellationTokenSource();

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello(), cancel.Token);
        await script.WaitForRequestsAsync(1);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Activity span = capture.SingleCall;
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.EndsWith("CanceledException", (string)span.Tag("error.type")!, StringComparison.Ordinal);
        Assert.StartsWith("System.", (string)span.Tag("error.type")!, StringComparison.Ordinal);
        Assert.EndsWith("CanceledException", (string)Assert.Single(capture.Of(capture.Durations)).Tags["error.type"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DebugSummariesGiveMethodPathStatusRequestIdAttemptAndDurationButNeverTheKey()
    {
        using var capture = new TelemetryCapture(LogLevel.Debug);
        using var mock = new MockAki();
        mock.Reply((_, _) =>
        {
            capture.Time.Advance(TimeSpan.FromMilliseconds(250));
            return Task.FromResult(MockAki.Json(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!"), ("request-id", "req_summary")));
        });
        using var client = new AkiClient(capture.Options(), mock.Handler.ToHttpClient());

        await client.Messages.CreateAsync(TestRequests.Hello());

        var summary = Assert.Single(capture.LogRecords, r => r.Id.Id == 2002);
        Assert.Equal("ResponseReceived", summary.Id.Name);
        Assert.Equal(LogLevel.Debug, summary.Level);
        Assert.Equal("POST", summary.GetStructuredStateValue("Method"));
        Assert.Equal("/anthropic/v1/messages", summary.GetStructuredStateValue("Path"));
        Assert.Equal("200", summary.GetStructuredStateValue("StatusCode"));
        Assert.Equal("1", summary.GetStructuredStateValue("Attempt"));
        Assert.Equal("req_summary", summary.GetStructuredStateValue("RequestId"));
        Assert.Equal("POST /anthropic/v1/messages answered 200 in 250.0 ms (attempt 1, request-id req_summary).", summary.Message);
        Assert.All(capture.LogRecords, r =>
        {
            Assert.DoesNotContain(MockAki.ApiKey, r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(r.StructuredState ?? [], pair => pair.Value?.Contains(MockAki.ApiKey, StringComparison.Ordinal) == true);
        });
    }
}
