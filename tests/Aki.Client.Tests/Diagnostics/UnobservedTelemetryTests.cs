using System.Diagnostics;
using System.Net;
using Aki.Client.Diagnostics;

namespace Aki.Client.Tests.Diagnostics;

/// <summary>With nothing listening, calls create no activity and touch no instrument.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class UnobservedTelemetryTests
{
    [Fact]
    public async Task WithoutAListenerNoActivityIsCreatedForACallOrAStream()
    {
        // This collection runs alone, and every other test here disposes its listeners.
        Assert.False(AkiDiagnostics.ActivitySource.HasListeners());
        Assert.All(AkiDiagnostics.Instruments, instrument => Assert.False(instrument.Enabled));
        Activity.Current = null;
        var seenDuringSend = new List<Activity?>();
        using var mock = new MockAki();
        mock.Reply((request, _) =>
        {
            lock (seenDuringSend)
            {
                seenDuringSend.Add(Activity.Current);
            }

            return Task.FromResult(request.Headers.Accept.ToString().Contains("event-stream", StringComparison.Ordinal) || request.Content!.ReadAsStringAsync().Result.Contains("\"stream\":true", StringComparison.Ordinal)
                ? MockAki.Response(HttpStatusCode.OK, TestStreams.Complete(), "text/event-stream")
                : MockAki.Json(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!")));
        });
        using AkiClient client = mock.CreateClient();

        await client.Messages.CreateAsync(TestRequests.Hello());
        await client.Messages.StreamAsync(TestRequests.Hello()).GetFinalMessageAsync();

        Assert.Equal(2, seenDuringSend.Count);
        Assert.All(seenDuringSend, Assert.Null);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task AListenerThatSamplesNothingGetsNoActivityButTheCallStillWorks()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AkiDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
        };
        ActivitySource.AddActivityListener(listener);
        Activity.Current = null;
        Activity? seen = null;
        using var mock = new MockAki();
        mock.Reply((_, _) =>
        {
            seen = Activity.Current;
            return Task.FromResult(MockAki.Json(HttpStatusCode.OK, TestResponses.Text(AkiModels.Gemma4_26B, "Hello!")));
        });
        using AkiClient client = mock.CreateClient();

        Message message = await client.Messages.CreateAsync(TestRequests.Hello());

        Assert.Equal("Hello!", message.Text);
        Assert.Null(seen);
    }

    [Fact]
    public void TheSourceAndMeterAreNamedAkiClientWithThePackageVersion()
    {
        string version = typeof(AkiClient).Assembly.GetName().Version!.ToString(3);
        Assert.Equal("Aki.Client", AkiDiagnostics.ActivitySource.Name);
        Assert.Equal("Aki.Client", AkiDiagnostics.Meter.Name);
        Assert.StartsWith(version, AkiDiagnostics.ActivitySource.Version, StringComparison.Ordinal);
        Assert.Equal(AkiDiagnostics.ActivitySource.Version, AkiDiagnostics.Meter.Version);
        Assert.Equal(
            ["gen_ai.client.operation.duration", "gen_ai.client.token.usage", "gen_ai.client.operation.time_to_first_chunk", "aki.client.model_fallbacks"],
            AkiDiagnostics.Instruments.Select(i => i.Name));
        Assert.Equal(["s", "{token}", "s", "{fallback}"], AkiDiagnostics.Instruments.Select(i => i.Unit));
    }

    [Fact]
    public void TheHistogramsCarryTheConventionsBucketBoundaries()
    {
        Assert.Equal(
            [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
            AkiDiagnostics.OperationDuration.Advice!.HistogramBucketBoundaries!);
        Assert.Equal(
            [1, 4, 16, 64, 256, 1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216, 67_108_864],
            AkiDiagnostics.TokenUsage.Advice!.HistogramBucketBoundaries!);
    }
}
