using System;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace Aki.Client.Http;

/// <summary>Turns an error response (any body shape) or a stream's error event into the right <see cref="AkiApiException"/>.</summary>
internal static class ErrorMapper
{
    private const int ExcerptLength = 240;

    public static AkiApiException FromResponse(int status, string? reasonPhrase, string? body, string? requestId, TimeSpan? retryAfter, string? apiKey)
    {
        body = Redaction.Redact(body, apiKey);
        (string? type, string? serverMessage) = ParseBody(body, apiKey);
        var text = new StringBuilder();
        bool apiAnswered = IsMessagesApiError(body);
        text.Append("AKI.IO answered HTTP ").Append(status.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(reasonPhrase))
        {
            text.Append(' ').Append(reasonPhrase);
        }

        AppendDetail(text, type, serverMessage, body);
        text.Append(Hint(status, type, apiAnswered));
        AppendRequestId(text, requestId);
        return Create(text.ToString(), status, type, serverMessage, body, requestId, retryAfter);
    }

    public static AkiApiException FromStreamErrorEvent(string data, string? requestId, string? apiKey)
    {
        data = Redaction.Redact(data, apiKey)!;
        (string? type, string? serverMessage) = ParseBody(data, apiKey);
        var text = new StringBuilder("AKI.IO sent an error event in the middle of the stream");
        AppendDetail(text, type, serverMessage, data);
        text.Append(Hint(200, type, apiAnswered: true));
        AppendRequestId(text, requestId);
        return Create(text.ToString(), 200, type, serverMessage, data, requestId, retryAfter: null);
    }

    /// <summary>A short, single-line, key-free excerpt of a body: an HTML page's title, or the start of the text.</summary>
    public static string? Excerpt(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        string text = body!;
        int titleStart = text.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (titleStart >= 0)
        {
            int titleEnd = text.IndexOf("</title>", titleStart, StringComparison.OrdinalIgnoreCase);
            if (titleEnd > titleStart)
            {
                return "HTML page titled \"" + Collapse(text.Substring(titleStart + 7, titleEnd - titleStart - 7)) + "\"";
            }
        }

        string collapsed = Collapse(StripTags(text));
        return collapsed.Length <= ExcerptLength ? collapsed : collapsed.Substring(0, ExcerptLength) + "...";
    }

    private static AkiApiException Create(string message, int status, string? type, string? serverMessage, string? body, string? requestId, TimeSpan? retryAfter)
    {
        ApiErrorType? errorType = type is null ? default(ApiErrorType?) : new ApiErrorType(type);
        Type kind = (status, type) switch
        {
            (429 or 529, _) or (_, "rate_limit_error" or "overloaded_error") => typeof(AkiRateLimitException),
            (401 or 403, _) or (_, "authentication_error" or "permission_error") => typeof(AkiAuthenticationException),
            (404, _) => typeof(AkiNotFoundException),
            (400 or 413 or 422, _) or (_, "invalid_request_error") => typeof(AkiBadRequestException),
            _ => typeof(AkiApiException),
        };
        return AkiApiException.Create(kind, message, status, errorType, serverMessage, body, retryAfter, requestId, attempts: 1, partialMessage: null);
    }

    private static void AppendDetail(StringBuilder text, string? type, string? serverMessage, string? body)
    {
        if (type is not null)
        {
            text.Append(" (").Append(type).Append(')');
        }

        if (serverMessage is not null)
        {
            text.Append(": ").Append(Truncate(Collapse(serverMessage)));
        }
        else if (Excerpt(body) is { } excerpt)
        {
            text.Append(". Body: ").Append(excerpt);
        }
        else
        {
            text.Append(" with an empty body");
        }

        // Server messages often end in their own full stop ("Retry after 2 seconds."): do not add a second.
        char last = text[text.Length - 1];
        if (last is not ('.' or '!' or '?'))
        {
            text.Append('.');
        }
    }

    private static void AppendRequestId(StringBuilder text, string? requestId)
    {
        if (requestId is not null)
        {
            text.Append(" Request id: ").Append(requestId).Append('.');
        }
    }

    // A 404 in the Messages API's own error shape ({"type":"error","error":{"type":...}}) comes from the API itself:
    // the address was right and the message says what is missing (a model, a recorded fixture). Any other 404 (an
    // HTML page, {"detail":"Not Found"}, an empty body) is a web server that has no such path: the endpoint is wrong.
    private static string Hint(int status, string? type, bool apiAnswered) => (status, type) switch
    {
        (401, _) or (_, "authentication_error") => " Check the API key (AkiClientOptions.ApiKey or the AKI_API_KEY environment variable).",
        (403, _) or (_, "permission_error") => " The API key is not allowed to do this.",
        (404, _) when !apiAnswered => " Check AkiClientOptions.Endpoint (or the AKI_BASE_URL environment variable); AKI.IO's is https://aki.io/anthropic.",
        (413, _) => " The request body is too large; send fewer or smaller messages, images or documents.",
        (429 or 529, _) or (_, "rate_limit_error" or "overloaded_error") => " Wait and try again.",
        _ => string.Empty,
    };

    /// <summary>Whether the body is the Messages API's error envelope, <c>{"type":"error","error":{"type":...}}</c>.</summary>
    private static bool IsMessagesApiError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body!);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && StringOf(root, "type") == "error"
                && root.TryGetProperty("error", out JsonElement error)
                && error.ValueKind == JsonValueKind.Object
                && StringOf(error, "type") is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the error's type and message from the body shapes seen in the wild. The message is redacted again: JSON
    /// escapes can spell the key in a way the raw body does not show.
    /// </summary>
    private static (string? Type, string? Message) ParseBody(string? body, string? apiKey)
    {
        (string? type, string? message) = ParseBody(body);
        return (Redaction.Redact(type, apiKey), Redaction.Redact(message, apiKey));
    }

    /// <summary>Reads the error's type and message from the body shapes seen in the wild.</summary>
    private static (string? Type, string? Message) ParseBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body!);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            // Anthropic {"type":"error","error":{"type","message"}} and OpenAI/vLLM {"error":{"message","type","code"}}.
            if (root.TryGetProperty("error", out JsonElement error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    string? type = StringOf(error, "type") ?? StringOf(error, "code");
                    return (type, StringOf(error, "message"));
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return (null, error.GetString());
                }
            }

            // FastAPI: {"detail": "..."} or {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}.
            if (root.TryGetProperty("detail", out JsonElement detail))
            {
                return (null, DetailText(detail));
            }

            return (null, StringOf(root, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? DetailText(JsonElement detail)
    {
        if (detail.ValueKind == JsonValueKind.String)
        {
            return detail.GetString();
        }

        if (detail.ValueKind != JsonValueKind.Array)
        {
            return detail.GetRawText();
        }

        var text = new StringBuilder();
        foreach (JsonElement item in detail.EnumerateArray())
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("loc", out JsonElement loc) && loc.ValueKind == JsonValueKind.Array)
            {
                var path = new StringBuilder();
                foreach (JsonElement part in loc.EnumerateArray())
                {
                    path.Append(path.Length > 0 ? "." : string.Empty).Append(part.ValueKind == JsonValueKind.String ? part.GetString() : part.GetRawText());
                }

                text.Append(path).Append(": ");
            }

            text.Append(item.ValueKind == JsonValueKind.Object ? StringOf(item, "msg") ?? item.GetRawText() : item.GetRawText());
        }

        return text.ToString();
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static string Truncate(string text) =>
        text.Length <= ExcerptLength * 2 ? text : text.Substring(0, ExcerptLength * 2) + "...";

    private static string StripTags(string text)
    {
        if (text.IndexOf('<') < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        bool inTag = false;
        foreach (char c in text)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>')
            {
                inTag = false;
                result.Append(' ');
            }
            else if (!inTag)
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string Collapse(string text)
    {
        var result = new StringBuilder(Math.Min(text.Length, 1024));
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
            if (result.Length > ExcerptLength * 4)
            {
                break;
            }
        }

        return result.ToString();
    }
}
