using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Aki.Client.Diagnostics;

/// <summary>
/// The SDK's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Aki.Client</c> with the
/// package version. Instruments exist for the process's lifetime; what they cost per call is a listener check.
/// </summary>
internal static class AkiDiagnostics
{
    public const string Name = "Aki.Client";

    // The conventions' advice for gen_ai.client.operation.duration (and reused for the time to first chunk).
    private static readonly double[] s_durationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    // The conventions' advice for gen_ai.client.token.usage: powers of four up to 67,108,864.
    private static readonly int[] s_tokenBuckets = [1, 4, 16, 64, 256, 1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216, 67_108_864];

    public static string Version { get; } =
        typeof(AkiDiagnostics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } informational
            ? informational.Split('+')[0]
            : "0.0.0";

    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    public static Meter Meter { get; } = new(Name, Version);

    public static Histogram<double> OperationDuration { get; } = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration",
        "s",
        "Measures the duration of a GenAI operation",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });

    public static Histogram<int> TokenUsage { get; } = Meter.CreateHistogram<int>(
        "gen_ai.client.token.usage",
        "{token}",
        "Measures number of input and output tokens used",
        tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = s_tokenBuckets });

    public static Histogram<double> TimeToFirstChunk { get; } = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.time_to_first_chunk",
        "s",
        "Measures the time to receive the first chunk of generated content in a streaming operation",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });

    public static Counter<long> ModelFallbacks { get; } = Meter.CreateCounter<long>(
        "aki.client.model_fallbacks",
        "{fallback}",
        "Counts answers from another model than the one requested (AKI.IO answers unknown model ids with its fallback model)");

    /// <summary>True when anything listens to calls: an activity listener or an enabled instrument.</summary>
    public static bool IsObserved =>
        ActivitySource.HasListeners() || OperationDuration.Enabled || TokenUsage.Enabled || TimeToFirstChunk.Enabled || ModelFallbacks.Enabled;

    internal static IEnumerable<Instrument> Instruments => [OperationDuration, TokenUsage, TimeToFirstChunk, ModelFallbacks];
}
