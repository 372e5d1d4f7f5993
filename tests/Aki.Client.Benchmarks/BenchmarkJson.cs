using System.Text.Json.Serialization;

namespace Aki.Client.Benchmarks;

[JsonSerializable(typeof(string))]
internal sealed partial class BenchmarkJson : JsonSerializerContext;
