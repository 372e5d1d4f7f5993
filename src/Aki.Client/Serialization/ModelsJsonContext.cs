using System.Text.Json.Serialization;

namespace Aki.Client.Serialization;

/// <summary>Source-generated metadata for <c>/v1/models</c> (kept apart from <see cref="AkiJsonContext"/>): trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ModelListResponse))]
internal sealed partial class ModelsJsonContext : JsonSerializerContext
{
}
