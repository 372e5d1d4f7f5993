using System.IO;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aki.Client.Testing;

/// <summary>Request ids and error bodies in the shape AKI.IO's Anthropic-compatible API answers with.</summary>
internal static class ApiErrors
{
    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A fresh id in the form real responses carry, <c>req_</c> and 24 base-62 characters.</summary>
    public static string NewRequestId() => "req_" + RandomNumberGenerator.GetString(IdAlphabet, 24);

    /// <summary><c>{"type":"error","error":{"type":...,"message":...},"request_id":...}</c></summary>
    public static byte[] Body(string type, string message, string requestId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteString("request_id", requestId);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary><c>{"detail":...}</c>: what the web framework in front of an API answers for a path it does not have.</summary>
    public static byte[] NotFoundDetail(string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("detail", message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
