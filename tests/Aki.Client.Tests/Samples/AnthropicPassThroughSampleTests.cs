using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aki.Client.Samples.AspNetHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Aki.Client.Tests.Samples;

/// <summary>
/// The sample's Anthropic-compatible <c>POST /v1/messages</c>, started on a real loopback port over the recorded
/// fixtures: the official Anthropic TypeScript SDK (tests/js, installed by .ci/run) must parse a whole answer and a
/// stream folded with <c>finalMessage()</c>; plain HTTP checks the relayed bytes and the errors.
/// </summary>
public sealed class AnthropicPassThroughSampleTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const string JsTestsVariable = "AKI_JS_TESTS_DIR";
    private const string JsTests = "the tests/js folder with @anthropic-ai/sdk installed by npm ci";
    private const string Prompt = "In one sentence: why does data residency in the EU matter?";
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _address = null!;

    public async Task InitializeAsync()
    {
        _app = await ChatApp.BuildAsync(["--urls=http://127.0.0.1:0", "--Sample:UseFixtures=true", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        _address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(_address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [RequiresEnvironmentFact(JsTestsVariable, JsTests)]
    public async Task OfficialAnthropicSdkParsesTheAnswerAndTheStream()
    {
        string folder = RequiredEnvironment.Get(JsTestsVariable, JsTests);
        var start = new ProcessStartInfo("node", ["passthrough.mjs", _address]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        Task<string> stdout = node.StandardOutput.ReadToEndAsync();
        Task<string> stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await stderr}");

        using JsonDocument result = JsonDocument.Parse((await stdout).Trim().Split('\n').Last());
        JsonElement created = result.RootElement.GetProperty("created");
        JsonElement streamed = result.RootElement.GetProperty("streamed");
        Assert.StartsWith("EU data residency matters", created.GetProperty("text").GetString());
        Assert.Equal(("message", "assistant", "gemma4-26b", "end_turn"), (created.GetProperty("type").GetString(), created.GetProperty("role").GetString(), created.GetProperty("model").GetString(), created.GetProperty("stop_reason").GetString()));
        Assert.Equal(created.GetProperty("text").GetString(), streamed.GetProperty("text").GetString());
        Assert.Equal(created.GetProperty("text").GetString(), result.RootElement.GetProperty("text").GetString());
        Assert.Equal("end_turn", streamed.GetProperty("stop_reason").GetString());
        Assert.True(streamed.GetProperty("output_tokens").GetInt32() > 0);
        string[] events = result.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal("message_start", events[0]);
        Assert.Equal("message_stop", events[^1]);
        Assert.True(events.Count(e => e == "content_block_delta") > 1, "the answer should arrive in several deltas");
        JsonElement error = result.RootElement.GetProperty("error");
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnswerIsRelayedAsAnAnthropicMessageWithItsRequestId()
    {
        using HttpResponseMessage response = await _http.PostAsync("/v1/messages", Body(stream: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single());
        Message message = AkiJson.ParseMessage(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("EU data residency matters", message.Text);
    }

    [Fact]
    public async Task StreamIsRelayedEventByEventInWireForm()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Body(stream: true) };
        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<MessageStreamEvent>();
        await foreach (MessageStreamEvent streamEvent in AkiJson.ReadServerSentEventsAsync(await response.Content.ReadAsStreamAsync()))
        {
            events.Add(streamEvent);
        }

        Assert.IsType<MessageStartEvent>(events[0]);
        Assert.IsType<MessageStopEvent>(events[^1]);
        Message folded = await MessageStream.FromEvents(events.ToAsyncEnumerable()).GetFinalMessageAsync();
        Assert.StartsWith("EU data residency matters", folded.Text);
    }

    [Theory]
    [InlineData("""{"model":"gemma4-26b","max_tokens":10,"messages":[""", "not an Anthropic Messages request")]
    [InlineData("""{"model":"gemma4-26b","max_tokens":10,"messages":[]}""", "MessageRequest.Messages")]
    [InlineData("""{"model":"gemma4-26b","max_tokens":10,"stream":true,"temperature":1.5,"messages":[{"role":"user","content":"Hi"}]}""", "MessageRequest.Temperature")]
    public async Task BadBodyIsAnAnthropicInvalidRequestError(string body, string mentioned)
    {
        using HttpResponseMessage response = await _http.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", error.RootElement.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(mentioned, error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static StringContent Body(bool stream) =>
        new($$"""{"model":"gemma4-26b","max_tokens":1024,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{Prompt}}"}]}""", Encoding.UTF8, "application/json");
}
