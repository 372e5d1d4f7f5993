using System.Text.Json.Nodes;
using Aki.Client.Tests.Conformance;
using CsCheck;

namespace Aki.Client.Tests.Serialization;

/// <summary>
/// Property: arbitrary unknown fields (any name the SDK does not model, any JSON value) added to any objects, at any
/// depth, of a valid request, response or stream event survive the round trip in place.
/// </summary>
/// <remarks>
/// The seed is fixed so every run checks the same cases. To search longer, set CsCheck's own variables, for example
/// <c>CsCheck_Iter=100000 CsCheck_Seed= dotnet test tests/Aki.Client.Tests --filter UnknownFieldProperty</c>
/// (an empty seed picks a random one; a failure prints the seed that reproduces it).
/// </remarks>
public class UnknownFieldPropertyTests
{
    private const string FixedSeed = "0000002qBbdhBid1";

    private static readonly Gen<JsonNode?> s_value = Gen.Recursive<JsonNode?>((depth, self) =>
    {
        Gen<JsonNode?> leaf = Gen.OneOf<JsonNode?>(
            Gen.Const((JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n)),
            Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
            Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth >= 3)
        {
            return leaf;
        }

        return Gen.Frequency<JsonNode?>(
            (4, leaf),
            (1, self.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
            (1, Gen.Select(Name().Array[0, 4], self.Array[4], (names, values) => (JsonNode?)Object(names, values))));
    });

    private static readonly Gen<(int Document, (int Position, string Name, JsonNode? Value)[] Fields)> s_case =
        Gen.Select(
            Gen.Int[0, LosslessDocument.All.Count - 1],
            Gen.Select(Gen.Int[0, int.MaxValue], Name(), s_value, (p, n, v) => (p, n, v)).Array[1, 4]);

    [Fact]
    public void UnknownFieldsAnywhereSurviveTheRoundTrip() =>
        s_case.Sample(
            testCase =>
            {
                LosslessDocument document = LosslessDocument.All[testCase.Document];
                JsonNode probed = document.Json.DeepClone();
                foreach ((int position, string name, JsonNode? value) in testCase.Fields)
                {
                    List<(string Path, JsonObject Object)> objects = LosslessDocument.Objects(probed).ToList();
                    objects[position % objects.Count].Object[name] = value?.DeepClone();
                }

                JsonNode written = document.Write(document.Read(probed));

                WireJson.Equivalent(probed, written, document.Name, document.Defaults);
            },
            seed: Environment.GetEnvironmentVariable("CsCheck_Seed") is { } seed ? (seed.Length == 0 ? null : seed) : FixedSeed,
            iter: 500,
            threads: 1,
            print: testCase => $"{LosslessDocument.All[testCase.Document].Name}: {string.Join(", ", testCase.Fields.Select(f => $"{f.Name}={f.Value?.ToJsonString() ?? "null"} at object #{f.Position}"))}");

    /// <summary>Field names no record models: a fixed prefix, then anything (escapes, Unicode, quotes).</summary>
    private static Gen<string> Name() => Gen.String.Select(s => "x-" + s);

    private static JsonObject Object(string[] names, JsonNode?[] values)
    {
        var obj = new JsonObject();
        for (int i = 0; i < names.Length; i++)
        {
            obj[names[i]] = values[i % values.Length]?.DeepClone();
        }

        return obj;
    }
}
