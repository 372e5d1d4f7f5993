using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Tests.Conformance;

/// <summary>A non-streaming response of the corpus: its body and the request id its recording carried.</summary>
internal sealed record CorpusResponse(string Name, string Body, string? RequestId);

/// <summary>
/// Picks the non-streaming <c>/v1/messages</c> responses out of the shared corpus (see its README.md):
/// message objects (<c>*.response.json</c>, <c>derived-from-source/vllm_nonstreaming.json</c>, and the PHP suite's
/// <c>ga/*.json</c>, which are messages too: the folded result of the stream beside them) and the responses inside
/// recorded exchanges (<c>ToolRunner.json</c>). Request bodies, model lists, error bodies and parser vectors are
/// skipped, each with its reason.
/// </summary>
internal static class NonStreamingCorpus
{
    public static List<CorpusResponse> Find(string directory, List<string> skipped)
    {
        var responses = new List<CorpusResponse>();
        foreach (string path in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.GetRelativePath(directory, path).Replace('\\', '/');
            string text = File.ReadAllText(path);
            if (name.EndsWith(".request.json", StringComparison.Ordinal))
            {
                skipped.Add($"{name}: a request body");
                continue;
            }

            JsonNode? root;
            try
            {
                root = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                skipped.Add($"{name}: not JSON ({e.Message})");
                continue;
            }

            switch (root)
            {
                case JsonArray exchanges when exchanges.All(e => e is JsonObject o && o.ContainsKey("response") && o.ContainsKey("status")):
                    AddExchanges(name, exchanges, responses, skipped);
                    break;
                case JsonObject obj when IsMessage(obj):
                    responses.Add(new CorpusResponse(name, text, null));
                    break;
                case JsonObject obj when obj["object"]?.GetValueKind() == JsonValueKind.String && obj["object"]!.GetValue<string>() == "list":
                    skipped.Add($"{name}: a model list");
                    break;
                case JsonObject obj when obj.ContainsKey("error") || obj.ContainsKey("detail"):
                    skipped.Add($"{name}: an error body");
                    break;
                default:
                    skipped.Add($"{name}: not a message (for example parser vectors)");
                    break;
            }
        }

        return responses;
    }

    private static bool IsMessage(JsonObject obj) =>
        (obj["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "message")
        || (obj["content"] is JsonArray && (obj.ContainsKey("role") || obj.ContainsKey("model")));

    private static void AddExchanges(string name, JsonArray exchanges, List<CorpusResponse> responses, List<string> skipped)
    {
        for (int i = 0; i < exchanges.Count; i++)
        {
            JsonObject exchange = exchanges[i]!.AsObject();
            int status = exchange["status"]!.GetValue<int>();
            string? path = exchange["path"]?.GetValue<string>();
            bool streamed = exchange["body"]?["stream"]?.GetValueKind() == JsonValueKind.True;
            if (status is < 200 or > 299 || exchange["response"] is not JsonObject response || !IsMessage(response) || streamed
                || (path is not null && !path.Contains("/v1/messages", StringComparison.Ordinal)))
            {
                skipped.Add($"{name}#{i}: not a successful non-streaming /v1/messages exchange");
                continue;
            }

            string? requestId = exchange["rawHeaders"] is JsonObject headers
                ? headers.FirstOrDefault(h => h.Key.Equals("request-id", StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>()
                : null;
            responses.Add(new CorpusResponse($"{name}#{i}", response.ToJsonString(), requestId));
        }
    }
}
