using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Aki.Client.Serialization;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Aki.Client.Tests.Conformance;

/// <summary>
/// Opt-in: when <c>AKI_CONFORMANCE_DIR</c> names the shared corpus (.ci/run sets it), every non-streaming response
/// in it goes through CreateAsync and must come out with every field the SDK models intact. A named folder that does
/// not exist fails the run; without the variable the test reports skipped with the reason (under CI=true it runs, and fails).
/// </summary>
public class NonStreamingConformanceTests(ITestOutputHelper output)
{
    public const string DirectoryVariable = "AKI_CONFORMANCE_DIR";

    [RequiresEnvironmentFact(DirectoryVariable, "the shared conformance corpus of recorded traffic")]
    public async Task EveryNonStreamingResponseOfTheCorpusKeepsItsModelledFields()
    {
        string directory = RequiredEnvironment.Get(DirectoryVariable, "the shared conformance corpus of recorded traffic");
        output.WriteLine($"{DirectoryVariable}: {directory}");

        await CheckCorpusAsync(directory);
    }

    [Fact]
    public async Task NamedCorpusFolderThatDoesNotExistFailsTheRun()
    {
        string missing = Path.Combine(Path.GetTempPath(), "aki-no-such-corpus-" + Guid.NewGuid().ToString("N"));

        XunitException e = await Assert.ThrowsAnyAsync<XunitException>(() => CheckCorpusAsync(missing));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorpusRunChecksResponsesAndSkipsRequestsModelListsAndErrorBodies()
    {
        using var corpus = new TemporaryCorpus();
        corpus.Write("server/chat.response.json", TestResponses.Text("qwen3.6-35b", "Hi"));
        corpus.Write("server/chat.request.json", """{"model":"qwen3.6-35b","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""");
        corpus.Write("server/models.json", """{"object":"list","data":[{"id":"qwen3.6-35b","object":"model","max_model_len":0}]}""");
        corpus.Write("server/error.json", """{"error":{"message":"bad","type":"Bad Request","param":null,"code":400}}""");
        corpus.Write("recorded.json", $$$"""[{"path":"/v1/messages","status":200,"body":{"stream":false},"rawHeaders":{"request-id":"req_rec"},"response":{{{TestResponses.Text("gemma4-26b", "Yo")}}}}]""");

        int checkedCount = await CheckCorpusAsync(corpus.Directory);

        Assert.Equal(2, checkedCount);
    }

    [Fact]
    public async Task CorpusRunFailsWhenAResponseCannotBeRead()
    {
        using var corpus = new TemporaryCorpus();
        corpus.Write("broken.response.json", """{"type":"message","content":[{"type":"text","text":42}],"usage":{"input_tokens":1,"output_tokens":1}}""");

        XunitException e = await Assert.ThrowsAnyAsync<XunitException>(() => CheckCorpusAsync(corpus.Directory));

        Assert.Contains("broken.response.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorpusRunFailsWhenNoResponseIsFound()
    {
        using var corpus = new TemporaryCorpus();
        corpus.Write("only.request.json", """{"model":"m"}""");

        await Assert.ThrowsAnyAsync<XunitException>(() => CheckCorpusAsync(corpus.Directory));
    }

    [Fact]
    public void LostModelledFieldIsReported()
    {
        JsonNode original = JsonNode.Parse("""{"content":[{"type":"thinking","thinking":"t","signature":"s"}],"usage":{"input_tokens":1,"geo":"eu"},"extra":1}""")!;
        JsonNode reserialized = JsonNode.Parse("""{"content":[{"type":"thinking","thinking":"t"}],"usage":{"input_tokens":1},"extra":1}""")!;

        List<string> lost = ModelledFields.Message.FindLost(original, reserialized);

        Assert.Equal(2, lost.Count);
        Assert.StartsWith("$.content[0].signature", lost[0], StringComparison.Ordinal);
        Assert.StartsWith("$.usage.geo", lost[1], StringComparison.Ordinal);
    }

    [Fact]
    public void UnmodelledBlockFieldsNullsAndSdkDefaultsAreNotLosses()
    {
        JsonNode original = JsonNode.Parse("""{"content":[{"type":"tool_use","id":"t","name":"n","input":{},"caller":{"type":"direct"}}],"stop_sequence":null}""")!;
        JsonNode reserialized = JsonNode.Parse("""{"type":"message","content":[{"type":"tool_use","id":"t","name":"n","input":{}}]}""")!;

        Assert.Empty(ModelledFields.Message.FindLost(original, reserialized));
    }

    /// <summary>Checks every response of a corpus folder and returns how many there were; fails with every problem found.</summary>
    private async Task<int> CheckCorpusAsync(string directory)
    {
        Assert.True(
            Directory.Exists(directory),
            $"{DirectoryVariable} names '{directory}', which does not exist. Point it at the fixtures folder, or unset it to leave the corpus out.");

        var skipped = new List<string>();
        List<CorpusResponse> responses = NonStreamingCorpus.Find(directory, skipped);
        Assert.True(responses.Count > 0, $"No non-streaming response was found under '{directory}'; the corpus layout may have changed.");

        var failures = new List<string>();
        foreach (CorpusResponse response in responses)
        {
            try
            {
                failures.AddRange((await CheckAsync(response)).Select(problem => $"{response.Name}: {problem}"));
            }
            catch (Exception e) when (e is not XunitException)
            {
                failures.Add($"{response.Name}: {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{responses.Count} non-streaming responses checked under {directory}.");
        foreach (string skip in skipped)
        {
            output.WriteLine("skipped " + skip);
        }

        Assert.True(failures.Count == 0, "Conformance failures:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        return responses.Count;
    }

    private static async Task<List<string>> CheckAsync(CorpusResponse response)
    {
        JsonNode original = JsonNode.Parse(response.Body)!;
        string model = original["model"] is JsonValue value && value.TryGetValue(out string? served) ? served : AkiModels.Gemma4_26B;

        using var mock = new MockAki();
        mock.Reply(HttpStatusCode.OK, response.Body, response.RequestId is null ? [] : [("request-id", response.RequestId)]);
        using AkiClient client = mock.CreateClient(o => o.ModelValidation = ModelValidation.Off);
        Message message = await client.Messages.CreateAsync(TestRequests.Hello(model) with { MaxTokens = null });

        JsonNode reserialized = JsonNode.Parse(JsonSerializer.Serialize(message, AkiJsonContext.Default.Message))!;
        List<string> problems = ModelledFields.Message.FindLost(original, reserialized);
        if (message.RequestId != response.RequestId)
        {
            problems.Add($"RequestId is '{message.RequestId}', the recording says '{response.RequestId}'");
        }

        if (message.IsModelFallback)
        {
            problems.Add($"flagged as a model fallback although '{model}' was requested and served");
        }

        return problems;
    }

    private sealed class TemporaryCorpus : IDisposable
    {
        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "aki-corpus-" + Guid.NewGuid().ToString("N"));

        public void Write(string relativePath, string content)
        {
            string path = Path.Combine(Directory, relativePath);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        public void Dispose()
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
    }
}
