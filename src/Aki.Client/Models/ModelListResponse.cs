using System.Collections.Generic;

namespace Aki.Client;

/// <summary>
/// The body of <c>GET /v1/models</c> in either shape: Anthropic's (<c>data</c>, <c>has_more</c>, <c>last_id</c>) or
/// OpenAI's as vLLM serves it (<c>object: "list"</c>, <c>data</c>, no paging). Other fields are ignored.
/// </summary>
internal sealed class ModelListResponse
{
    public List<ModelCard?>? Data { get; set; }

    public bool? HasMore { get; set; }

    public string? LastId { get; set; }
}
