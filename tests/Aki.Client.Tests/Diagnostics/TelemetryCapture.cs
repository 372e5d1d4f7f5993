using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aki.Client.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>Tests that listen to the process-wide Aki.Client source and meter run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry listeners";
}

/// <summary>
/// Listens to the SDK's activities, metrics and logs for one test. Everything the test does runs under a root
/// activity of its own and against a host name of its own, so what other tests record is filtered out: activities by
/// trace id, measurements by <c>server.address</c>. Time is a <see cref="FakeTimeProvider"/>, so durations are exact.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private static readonly ActivitySource s_tests = new("Aki.Client.Tests");

    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];
    private readonly List<Activity> _started = [];
    private readonly Activity _root;
    private readonly ILoggerFactory _loggerFactory;

    public TelemetryCapture(LogLevel minimumLevel = LogLevel.Trace)
    {
        Host = $"t{Guid.NewGuid():N}.example";
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is AkiDiagnostics.Name or "System.Net.Http" or "Aki.Client.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => Add(_started, activity),
            ActivityStopped = activity => Add(_stopped, activity),
        };
        ActivitySource.AddActivityListener(_listener);
        _root = s_tests.StartActivity("test")!;

        Durations = new MetricCollector<double>(AkiDiagnostics.OperationDuration, Time);
        Tokens = new MetricCollector<int>(AkiDiagnostics.TokenUsage, Time);
        FirstChunk = new MetricCollector<double>(AkiDiagnostics.TimeToFirstChunk, Time);
        Fallbacks = new MetricCollector<long>(AkiDiagnostics.ModelFallbacks, Time);
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(Logs).SetMinimumLevel(minimumLevel));
    }

    public string Host { get; }

    public Uri Endpoint => new($"https://{Host}/anthropic");

    public FakeTimeProvider Time { get; } = new();

    public FakeLoggerProvider Logs { get; } = new();

    public MetricCollector<double> Durations { get; }

    public MetricCollector<int> Tokens { get; }

    public MetricCollector<double> FirstChunk { get; }

    public MetricCollector<long> Fallbacks { get; }

    /// <summary>The Aki.Client activities of this test that have stopped.</summary>
    public IReadOnlyList<Activity> Calls => Mine(_stopped).Where(a => a.Source.Name == AkiDiagnostics.Name).ToList();

    /// <summary>The Aki.Client activities of this test that have started (stopped or not).</summary>
    public IReadOnlyList<Activity> StartedCalls => Mine(_started).Where(a => a.Source.Name == AkiDiagnostics.Name).ToList();

    /// <summary>HttpClient's own activities of this test.</summary>
    public IReadOnlyList<Activity> HttpActivities => Mine(_stopped).Where(a => a.Source.Name == "System.Net.Http").ToList();

    public Activity SingleCall => Assert.Single(Calls);

    /// <summary>Options for a client of this test: its host, clock and logger factory, no retries.</summary>
    public AkiClientOptions Options(Action<AkiClientOptions>? configure = null)
    {
        var options = new AkiClientOptions
        {
            ApiKey = MockAki.ApiKey,
            Endpoint = Endpoint,
            MaxRetries = 0,
            TimeProvider = Time,
            LoggerFactory = _loggerFactory,
            CaptureMessageContent = false,
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>This test's measurements of an instrument.</summary>
    public IReadOnlyList<CollectedMeasurement<T>> Of<T>(MetricCollector<T> collector)
        where T : struct =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue("server.address", out object? host) && Equals(host, Host)).ToList();

    public IReadOnlyList<FakeLogRecord> LogRecords => Logs.Collector.GetSnapshot();

    public void Dispose()
    {
        _root.Stop();
        _listener.Dispose();
        Durations.Dispose();
        Tokens.Dispose();
        FirstChunk.Dispose();
        Fallbacks.Dispose();
        _loggerFactory.Dispose();
        Logs.Dispose();
    }

    private IEnumerable<Activity> Mine(List<Activity> activities)
    {
        lock (activities)
        {
            return activities.Where(a => a.TraceId == _root.TraceId).ToList();
        }
    }

    private static void Add(List<Activity> activities, Activity activity)
    {
        lock (activities)
        {
            activities.Add(activity);
        }
    }
}

/// <summary>Reads an activity's tags for assertions.</summary>
internal static class ActivityAssert
{
    public static object? Tag(this Activity activity, string name) => activity.GetTagItem(name);

    public static void HasNoTag(this Activity activity, string name) =>
        Assert.DoesNotContain(activity.TagObjects, tag => tag.Key == name);
}
