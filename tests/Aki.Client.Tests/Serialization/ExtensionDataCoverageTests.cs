using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Aki.Client.Serialization;
using Aki.Client.Tests.Conformance;
using Xunit.Abstractions;

namespace Aki.Client.Tests.Serialization;

/// <summary>
/// One generic proof that every public wire record keeps unknown fields: an unknown field is put into every JSON
/// object of the kitchen-sink fixtures in turn, each document is read and written back, and the result must be the
/// probed document. Reflection over the records read finds which record held the field, and every public record of
/// the wire format (every type the JSON metadata describes as an object, and every block, tool, event and delta)
/// must have held one. A record added without extension data, or missing from the fixtures, fails here.
/// </summary>
public class ExtensionDataCoverageTests(ITestOutputHelper output)
{
    private const string Probe = "x_unmodelled_probe";

    private static readonly Type[] s_wireBases = [typeof(ContentBlock), typeof(ToolDefinition), typeof(MessageStreamEvent), typeof(ContentBlockDelta)];

    [Fact]
    public void EveryPublicWireRecordKeepsAnUnknownFieldInPlace()
    {
        var holders = new HashSet<Type>();
        int positions = 0;
        foreach (LosslessDocument document in LosslessDocument.All)
        {
            int count = LosslessDocument.Objects(document.Json).Count();
            for (int i = 0; i < count; i++)
            {
                JsonNode probed = document.Json.DeepClone();
                (string path, JsonObject target) = LosslessDocument.Objects(probed).ElementAt(i);
                target[Probe] = new JsonObject { ["kept"] = new JsonArray(1, "two", null, true, new JsonObject()) };

                object read = document.Read(probed);
                JsonNode written = document.Write(read);

                WireJson.Equivalent(probed, written, $"{document.Name} with an unknown field at {path}", document.Defaults);
                CollectHolders(read, holders);
                positions++;
            }
        }

        List<Type> wireRecords = WireRecords();
        output.WriteLine($"{positions} positions probed; {wireRecords.Count} wire records: {string.Join(", ", wireRecords.Select(t => t.Name))}");
        Assert.True(wireRecords.Count > 30, "the reflection over the assembly found too few records");
        Assert.Empty(wireRecords.Where(t => !holders.Contains(t)).Select(t => t.Name));
    }

    /// <summary>Public types of the wire format: every object the JSON metadata knows, and every block, tool, event and delta.</summary>
    private static List<Type> WireRecords() =>
        typeof(AkiClient).Assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.Namespace == "Aki.Client")
            .Where(t => s_wireBases.Any(b => b.IsAssignableFrom(t)) || AkiJsonContext.Default.GetTypeInfo(t) is { Kind: JsonTypeInfoKind.Object })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Walks the records read and notes each one that holds the probe: in its extension data, or (for the raw records the metadata does not describe) at the top of its JSON.</summary>
    private static void CollectHolders(object? node, HashSet<Type> holders)
    {
        if (node is null or string or JsonElement or JsonNode || node.GetType().IsPrimitive || node.GetType().IsEnum)
        {
            return;
        }

        Type type = node.GetType();
        if (type.Assembly != typeof(AkiClient).Assembly)
        {
            if (node is IEnumerable items)
            {
                foreach (object? item in items)
                {
                    CollectHolders(item, holders);
                }
            }

            return;
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            object? value = property.GetValue(node);
            bool holds = (property.Name, value) switch
            {
                ("AdditionalProperties", IDictionary<string, JsonElement> extra) => extra.ContainsKey(Probe),
                ("AdditionalProperties", JsonObject extra) => extra.ContainsKey(Probe),
                (_, JsonElement { ValueKind: JsonValueKind.Object } raw) when AkiJsonContext.Default.GetTypeInfo(type) is null => raw.TryGetProperty(Probe, out _),
                _ => false,
            };
            if (holds)
            {
                holders.Add(type);
            }

            if (property.Name != "AdditionalProperties")
            {
                CollectHolders(value, holders);
            }
        }
    }
}
