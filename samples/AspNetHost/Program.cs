using Aki.Client.Samples.AspNetHost;

// dotnet run --project samples/AspNetHost, then open http://localhost:5000/ for the chat page, or:
//   curl -s localhost:5000/chat -H 'content-type: application/json' -d '{"prompt":"Hello"}'
//   curl -N 'localhost:5000/chat/stream?prompt=Hello'
WebApplication app = await ChatApp.BuildAsync(args);
await app.RunAsync();
