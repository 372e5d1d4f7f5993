using Aki.Client.Samples.AspNetHost;

// dotnet run --project samples/AspNetHost, then:
//   curl -s localhost:5000/chat -H 'content-type: application/json' -d '{"prompt":"Hello"}'
//   curl -N 'localhost:5000/chat/stream?prompt=Hello'
WebApplication app = await ChatApp.BuildAsync(args);
await app.RunAsync();
