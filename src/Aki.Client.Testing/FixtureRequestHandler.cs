using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Aki.Client.Testing;

/// <summary>
/// Answers one HTTP request the way AKI.IO would: route, key check, validation, then a fixture (or, in record mode,
/// the upstream), or an Anthropic-shaped error that says what went wrong.
/// </summary>
internal sealed class FixtureRequestHandler
{
    private const string AnthropicPrefix = "/anthropic";

    private readonly FixtureStore _store;
    private readonly ResponseWriter _writer;
    private readonly FixtureRecorder? _recorder;
    private readonly string? _apiKey;
    private readonly bool _unknownModelFallback;
    private readonly CancellationToken _stopping;

    public FixtureRequestHandler(FixtureStore store, ResponseWriter writer, FixtureRecorder? recorder, string? apiKey, bool unknownModelFallback, CancellationToken stopping)
    {
        _unknownModelFallback = unknownModelFallback;
        _store = store;
        _writer = writer;
        _recorder = recorder;
        _apiKey = apiKey;
        _stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        CancellationToken cancellationToken = cancellation.Token;
        string requestId = ApiErrors.NewRequestId();
        try
        {
            await HandleAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nobody is left to answer.
            context.Abort();
        }
        catch (Exception e) when (e is IOException or HttpRequestException && _recorder is not null)
        {
            // The upstream broke off a recording: break off the same way, and save nothing.
            context.Abort();
        }
    }

    private async Task HandleAsync(HttpContext context, string requestId, CancellationToken cancellationToken)
    {
        HttpRequest request = context.Request;
        string path = NormalizePath(request.Path.Value);
        bool messages = path == FixtureMatch.MessagesPath && HttpMethods.IsPost(request.Method);
        bool models = path == FixtureMatch.ModelsPath && HttpMethods.IsGet(request.Method);
        if (!messages && !models)
        {
            // A web server's 404 for a path it does not have, not the Messages API's error envelope: the address is
            // what is wrong, and clients (Aki.Client among them) tell the two apart.
            await ResponseWriter.WriteBodyAsync(
                context,
                404,
                ResponseWriter.JsonContentType,
                ApiErrors.NotFoundDetail($"Not Found: {request.Method} {request.Path} is not an endpoint of this fixture server; it answers POST {FixtureMatch.MessagesPath} and GET {FixtureMatch.ModelsPath} (also under {AnthropicPrefix})."),
                requestId,
                [],
                cancellationToken).ConfigureAwait(false);
            return;
        }

        string? keyProblem = CheckKey(request.Headers);
        if (keyProblem is not null)
        {
            await ResponseWriter.WriteErrorAsync(context, 401, "authentication_error", keyProblem, requestId, cancellationToken).ConfigureAwait(false);
            return;
        }

        string? scenario = request.Headers.TryGetValue(AkiFixtureServer.ScenarioHeader, out StringValues s) && !StringValues.IsNullOrEmpty(s)
            ? s.ToString().Trim()
            : null;
        byte[]? body = null;
        MessagesRequest? parsed = null;
        if (messages)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
            parsed = MessagesRequest.Parse(body, out string? problem);
            if (parsed is null)
            {
                await ResponseWriter.WriteErrorAsync(context, 400, "invalid_request_error", problem!, requestId, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var fixtures = _store.Current;
        Fixture? fixture = FixtureMatcher.Find(fixtures, path, scenario, parsed, recordedOnly: _recorder is not null);

        // AKI.IO answers a model id it does not serve with MiniMax M2.5 rather than an error.
        if (fixture is null && _recorder is null && _unknownModelFallback && scenario is null && parsed is not null
            && !ServedModels.Contains(fixtures, parsed.Model))
        {
            fixture = FixtureMatcher.Find(fixtures, path, scenario, parsed.WithModel(ServedModels.FallbackModel), recordedOnly: false);
        }
        if (fixture is not null)
        {
            await _writer.WriteFixtureAsync(context, fixture, parsed?.Stream ?? false, requestId, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_recorder is not null)
        {
            Fixture? recorded = await _recorder.RecordAsync(context, path, body, parsed, scenario, requestId, cancellationToken).ConfigureAwait(false);
            if (recorded is not null)
            {
                _store.Add(recorded);
            }

            return;
        }

        string message = FixtureMatcher.DescribeMiss(fixtures, request.Method, path, scenario, parsed, recordedOnly: false);
        await ResponseWriter.WriteErrorAsync(context, 404, "not_found_error", message, requestId, cancellationToken).ConfigureAwait(false);
    }

    private string? CheckKey(IHeaderDictionary headers)
    {
        string? key = headers.TryGetValue("x-api-key", out StringValues apiKey) && !StringValues.IsNullOrEmpty(apiKey) ? apiKey.ToString() : null;
        if (key is null && headers.TryGetValue("authorization", out StringValues authorization)
            && authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization.ToString().Substring("Bearer ".Length).Trim();
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return "x-api-key header is required";
        }

        return _apiKey is null || string.Equals(key, _apiKey, StringComparison.Ordinal) ? null : "invalid x-api-key";
    }

    /// <summary>Accepts <c>/v1/...</c> and <c>/anthropic/v1/...</c>, with or without a trailing slash.</summary>
    private static string NormalizePath(string? path)
    {
        path = (path ?? "/").TrimEnd('/');
        return path.StartsWith(AnthropicPrefix + "/", StringComparison.OrdinalIgnoreCase) ? path.Substring(AnthropicPrefix.Length) : path;
    }
}
