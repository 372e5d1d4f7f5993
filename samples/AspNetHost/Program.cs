using Aki.Client.Samples.AspNetHost;

// dotnet run --project samples/AspNetHost, then open http://localhost:5000/ for the chat page, or:
//   curl -s localhost:5000/chat -H 'content-type: application/json' -d '{"prompt":"Hello"}'
//   curl -N 'localhost:5000/chat/stream?prompt=Hello'
// Spans and metrics go to the console, or over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (Telemetry.cs).
WebApplication app = await ChatApp.BuildAsync(args, builder => builder.AddSampleTelemetry());
await app.RunAsync();
