using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aki.Client.Serialization;

/// <summary>
/// Shows a <see cref="JsonObject"/> to the serializer as the <c>IDictionary&lt;string, JsonElement&gt;</c> of a
/// <c>[JsonExtensionData]</c> property. System.Text.Json writes a <see cref="JsonObject"/> extension data property
/// as a nested object without a name, which is invalid JSON (dotnet/runtime#60806); a JsonElement dictionary is
/// written correctly. Reads add through <see cref="this[string]"/>, creating the owner's object on first use.
/// </summary>
internal sealed class JsonObjectExtensionData : IDictionary<string, JsonElement>
{
    private readonly Func<JsonObject?> _get;
    private readonly Func<JsonObject> _getOrCreate;

    public JsonObjectExtensionData(Func<JsonObject?> get, Func<JsonObject> getOrCreate)
    {
        _get = get;
        _getOrCreate = getOrCreate;
    }

    public ICollection<string> Keys => Pairs.Select(p => p.Key).ToList();

    public ICollection<JsonElement> Values => this.Select(p => p.Value).ToList();

    public int Count => _get()?.Count ?? 0;

    public bool IsReadOnly => false;

    private IEnumerable<KeyValuePair<string, JsonNode?>> Pairs => _get() ?? Enumerable.Empty<KeyValuePair<string, JsonNode?>>();

    public JsonElement this[string key]
    {
        get => TryGetValue(key, out JsonElement value) ? value : throw new KeyNotFoundException(key);
        set => _getOrCreate()[key] = ToNode(value);
    }

    public static JsonObject ToObject(IEnumerable<KeyValuePair<string, JsonElement>> pairs)
    {
        var result = new JsonObject();
        foreach (KeyValuePair<string, JsonElement> pair in pairs)
        {
            result[pair.Key] = ToNode(pair.Value);
        }

        return result;
    }

    public void Add(string key, JsonElement value) => _getOrCreate().Add(key, ToNode(value));

    public void Add(KeyValuePair<string, JsonElement> item) => Add(item.Key, item.Value);

    public void Clear() => _get()?.Clear();

    public bool Contains(KeyValuePair<string, JsonElement> item) =>
        TryGetValue(item.Key, out JsonElement value) && JsonElement.DeepEquals(value, item.Value);

    public bool ContainsKey(string key) => _get()?.ContainsKey(key) ?? false;

    public void CopyTo(KeyValuePair<string, JsonElement>[] array, int arrayIndex)
    {
        foreach (KeyValuePair<string, JsonElement> pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public bool Remove(string key) => _get()?.Remove(key) ?? false;

    public bool Remove(KeyValuePair<string, JsonElement> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, out JsonElement value)
    {
        if (_get() is { } obj && obj.TryGetPropertyValue(key, out JsonNode? node))
        {
            value = ToElement(node);
            return true;
        }

        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
    {
        foreach (KeyValuePair<string, JsonNode?> pair in Pairs)
        {
            yield return new KeyValuePair<string, JsonElement>(pair.Key, ToElement(pair.Value));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static JsonElement ToElement(JsonNode? node) => JsonSerializer.Deserialize(node, AkiJsonContext.Default.JsonElement);

    private static JsonNode? ToNode(JsonElement element) => JsonSerializer.SerializeToNode(element, AkiJsonContext.Default.JsonElement);
}
