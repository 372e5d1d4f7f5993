using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Aki.Client.Testing;

/// <summary>
/// Record mode: forwards a request to the real endpoint with the real key, passes the answer on as it arrives, and
/// saves a successful one as a fixture. The key is sent upstream only and masked wherever it would reach a file.
/// </summary>
internal sealed class FixtureRecorder : IDisposable
{
    private const string Redacted = "[redacted]";

    // Headers that describe one connection or one live exchange, or could carry a secret: never saved.
    private static readonly string[] s_unsavedHeaders =
    [
        "x-api-key", "authorization", "proxy-authorization", "cookie", "set-cookie", "request-id", "x-request-id",
        "content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive", "date", "server",
        "via", "alt-svc", "cf-ray", "strict-transport-security",
    ];

    private static readonly string[] s_forwardedRequestHeaders = ["anthropic-version", "anthropic-beta", "accept"];

    private static readonly JsonWriterOptions s_indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    private readonly Uri _upstream;
    private readonly string _apiKey;
    private readonly string _directory;
    private readonly TimeProvider _time;

    public FixtureRecorder(Uri upstream, string apiKey, string directory, TimeProvider time)
    {
        _upstream = NormalizeUpstream(upstream);
        _apiKey = apiKey;
        _directory = Path.GetFullPath(directory);
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Answers the request from the upstream. Returns the fixture it saved, or null when the answer was an error (passed
    /// on, not saved) or the upstream could not be reached (answered 502).
    /// </summary>
    public async Task<Fixture?> RecordAsync(HttpContext context, string path, byte[]? body, MessagesRequest? request, string? scenario, string requestId, CancellationToken cancellationToken)
    {
        using var upstreamRequest = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, new Uri(_upstream, path.TrimStart('/')));
        upstreamRequest.Headers.TryAddWithoutValidation("x-api-key", _apiKey);
        foreach (string name in s_forwardedRequestHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues value))
            {
                upstreamRequest.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }

        if (body is not null)
        {
            upstreamRequest.Content = new ByteArrayContent(body);
            upstreamRequest.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage upstreamResponse;
        try
        {
            upstreamResponse = await _http.SendAsync(upstreamRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await ResponseWriter.WriteErrorAsync(context, 502, "api_error", $"Record mode could not reach the upstream {_upstream}: {Redact(e.Message)}", requestId, cancellationToken).ConfigureAwait(false);
            return null;
        }

        using (upstreamResponse)
        {
            List<KeyValuePair<string, string>> headers = CopyHeaders(upstreamResponse);
            HttpResponse response = context.Response;
            response.StatusCode = (int)upstreamResponse.StatusCode;
            foreach (KeyValuePair<string, string> header in headers)
            {
                response.Headers[header.Key] = header.Value;
            }

            response.Headers["request-id"] = upstreamResponse.Headers.TryGetValues("request-id", out IEnumerable<string>? ids) ? ids.First() : requestId;

            // Pass the answer on as it arrives, so a recorded stream streams the first time too, and keep a copy.
            using var copy = new MemoryStream();
            Stream upstreamBody = await upstreamResponse.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            byte[] buffer = new byte[8192];
            int read;
            while ((read = await upstreamBody.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                copy.Write(buffer, 0, read);
                await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!upstreamResponse.IsSuccessStatusCode)
            {
                return null;
            }

            string? contentType = upstreamResponse.Content.Headers.ContentType?.MediaType;
            return await SaveAsync(path, request, scenario, (int)upstreamResponse.StatusCode, headers, contentType, copy.ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Accepts what users paste: with or without a trailing <c>/</c> or <c>/v1</c>.</summary>
    internal static Uri NormalizeUpstream(Uri upstream)
    {
        string path = upstream.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path.Substring(0, path.Length - 3);
        }

        return new UriBuilder(upstream) { Path = path + "/", Query = string.Empty, Fragment = string.Empty, UserName = string.Empty, Password = string.Empty }.Uri;
    }

    private async Task<Fixture> SaveAsync(string path, MessagesRequest? request, string? scenario, int status, List<KeyValuePair<string, string>> headers, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        var match = new FixtureMatch
        {
            Path = path,
            Scenario = scenario,
            Model = request?.Model,
            Stream = request?.Stream,
            MessageCount = request?.MessageCount,
            UserText = request is null ? null : request.FirstUserText ?? string.Empty,
        };
        string name = FileNameFor(match);
        string file = Path.Combine(_directory, name.Replace('/', Path.DirectorySeparatorChar) + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        byte[] json = Serialize(match, status, headers, contentType, Redact(Encoding.UTF8.GetString(body)));

        // Write then move, so a replaying server never reads half a file.
        string temporary = file + ".tmp";
        await File.WriteAllBytesAsync(temporary, json, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
        return FixtureLoader.Parse(name, file, isStarter: false, json);
    }

    private byte[] Serialize(FixtureMatch match, int status, List<KeyValuePair<string, string>> headers, string? contentType, string body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_indented))
        {
            writer.WriteStartObject();
            writer.WriteString("description", "Recorded by Aki.Client.Testing in record mode.");
            writer.WriteStartObject("recorded");
            writer.WriteString("upstream", _upstream.GetLeftPart(UriPartial.Path));
            writer.WriteString("at", _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();

            writer.WriteStartObject("match");
            writer.WriteString("path", match.Path);
            WriteIfSet(writer, "scenario", match.Scenario);
            WriteIfSet(writer, "model", match.Model);
            if (match.Stream is bool stream)
            {
                writer.WriteBoolean("stream", stream);
            }

            if (match.MessageCount is int count)
            {
                writer.WriteNumber("messageCount", count);
            }

            WriteIfSet(writer, "userText", match.UserText);
            writer.WriteEndObject();

            writer.WriteStartObject("response");
            writer.WriteNumber("status", status);
            writer.WriteStartObject("headers");
            foreach (KeyValuePair<string, string> header in headers)
            {
                writer.WriteString(header.Key, Redact(header.Value));
            }

            writer.WriteEndObject();
            WriteBody(writer, contentType, body);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteBody(Utf8JsonWriter writer, string? contentType, string body)
    {
        if (string.Equals(contentType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            // Raw text, byte for byte: the stream's framing is part of what a replay must reproduce.
            writer.WriteString("sse", body);
            return;
        }

        if (contentType is not null && contentType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                writer.WritePropertyName("body");
                document.RootElement.WriteTo(writer);
                return;
            }
            catch (JsonException)
            {
                // Not JSON after all: keep it as text below.
            }
        }

        writer.WriteString("text", body);
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static List<KeyValuePair<string, string>> CopyHeaders(HttpResponseMessage response)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers.Concat(response.Content.Headers))
        {
            string name = header.Key.ToLowerInvariant();
            if (Array.IndexOf(s_unsavedHeaders, name) < 0)
            {
                headers.Add(new KeyValuePair<string, string>(name, string.Join(", ", header.Value)));
            }
        }

        return headers;
    }

    /// <summary>A readable, stable file name: the model, a slug of the prompt, the kind of answer, and a hash of the criteria.</summary>
    private static string FileNameFor(FixtureMatch match)
    {
        string scenario = match.Scenario is null ? string.Empty : Slug(match.Scenario, 40) + "-";
        if (match.Path == FixtureMatch.ModelsPath)
        {
            return "recorded/" + scenario + "models";
        }

        string identity = string.Join("\n", match.Scenario, match.Model, match.Stream, match.MessageCount, match.UserText);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 4));
        string prompt = Slug(match.UserText ?? string.Empty, 40);
        return "recorded/" + Slug(match.Model ?? "model", 60) + "/" + scenario + (prompt.Length == 0 ? string.Empty : prompt + "-")
            + (match.Stream == true ? "stream" : "json") + "-" + hash;
    }

    private static string Slug(string text, int max)
    {
        var slug = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (slug.Length == max)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c == '.')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[slug.Length - 1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-', '.');
    }

    private string Redact(string text) => text.Replace(_apiKey, Redacted, StringComparison.Ordinal);
}
