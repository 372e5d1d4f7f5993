using System;
using System.Globalization;
using System.Text.Json;

namespace Aki.Client;

/// <summary>
/// One entry of a <c>/v1/models</c> list, in either shape. Limits and dates are read loosely (numbers, numeric strings,
/// RFC 3339 or Unix seconds) because servers differ and a malformed optional field must not lose the whole list.
/// </summary>
internal sealed class ModelCard
{
    public string? Id { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Anthropic: RFC 3339 (epoch when unknown).</summary>
    public JsonElement? CreatedAt { get; set; }

    /// <summary>OpenAI/vLLM: Unix seconds.</summary>
    public JsonElement? Created { get; set; }

    /// <summary>Anthropic: the context window.</summary>
    public JsonElement? MaxInputTokens { get; set; }

    /// <summary>Anthropic: the output limit.</summary>
    public JsonElement? MaxTokens { get; set; }

    /// <summary>vLLM/SGLang: the engine's context length; null for LoRA adapters, 0 on some proxies.</summary>
    public JsonElement? MaxModelLen { get; set; }

    /// <summary>The card as a <see cref="ModelInfo"/>; missing or zero limits come from the documented table, else stay null.</summary>
    public ModelInfo? ToModelInfo()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            return null;
        }

        string id = Id!;
        ModelLimits? documented = AkiModels.GetLimits(id);
        (int? context, ModelLimitSource contextSource) = Pick(PositiveInt(MaxInputTokens) ?? PositiveInt(MaxModelLen), documented?.ContextTokens);
        (int? output, ModelLimitSource outputSource) = Pick(PositiveInt(MaxTokens), documented?.MaxOutputTokens);
        return new ModelInfo
        {
            Id = id,
            DisplayName = string.IsNullOrWhiteSpace(DisplayName) ? id : DisplayName!.Trim(),
            ContextTokens = context,
            ContextTokensSource = contextSource,
            MaxOutputTokens = output,
            MaxOutputTokensSource = outputSource,
            CreatedAt = Date(CreatedAt) ?? Date(Created),
            AliasOf = AkiModels.Aliases.TryGetValue(id, out string? target) ? target : null,
        };
    }

    private static (int? Value, ModelLimitSource Source) Pick(int? server, int? documented) =>
        server is not null ? (server, ModelLimitSource.Server)
        : documented is not null ? (documented, ModelLimitSource.DocumentedTable)
        : (null, ModelLimitSource.Unknown);

    /// <summary>A positive token count, or null for absent, null, 0, negative or unreadable values.</summary>
    internal static int? PositiveInt(JsonElement? element)
    {
        long value;
        switch (element?.ValueKind)
        {
            case JsonValueKind.Number when element.Value.TryGetInt64(out value):
                break;
            case JsonValueKind.Number when element.Value.TryGetDouble(out double real) && real >= 1:
                value = real >= int.MaxValue ? int.MaxValue : (long)real;
                break;
            case JsonValueKind.String when long.TryParse(element.Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value):
                break;
            default:
                return null;
        }

        return value <= 0 ? null : (int)Math.Min(value, int.MaxValue);
    }

    /// <summary>An RFC 3339 string or Unix seconds; null when absent, unreadable, or the epoch (Anthropic's "unknown").</summary>
    internal static DateTimeOffset? Date(JsonElement? element)
    {
        DateTimeOffset date;
        switch (element?.ValueKind)
        {
            case JsonValueKind.String when DateTimeOffset.TryParse(element.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date):
                break;
            case JsonValueKind.Number when element.Value.TryGetInt64(out long seconds) && seconds > 0 && seconds < 253_402_300_800:
                date = DateTimeOffset.FromUnixTimeSeconds(seconds);
                break;
            default:
                return null;
        }

        return date.ToUnixTimeSeconds() > 0 ? date : null;
    }
}
