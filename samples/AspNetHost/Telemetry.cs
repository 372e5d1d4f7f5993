using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Aki.Client.Samples.AspNetHost;

/// <summary>
/// OpenTelemetry for the sample: the SDK's spans and metrics (source and meter <c>Aki.Client</c>), the HTTP attempts
/// beneath each call, and the ASP.NET Core request above it. Exported to the console, or over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (an Aspire dashboard, an OpenTelemetry Collector, Grafana...).
/// </summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddSampleTelemetry(this WebApplicationBuilder builder)
    {
        OpenTelemetryBuilder otel = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource("Aki.Client", "System.Net.Http", "Microsoft.AspNetCore"))
            .WithMetrics(metrics => metrics.AddMeter("Aki.Client"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Reads the endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* variables.
            otel.UseOtlpExporter();
        }
        else
        {
            // Metrics every five seconds rather than the default minute, so one request shows its token counts soon.
            otel.WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5_000));
        }

        return builder;
    }
}
