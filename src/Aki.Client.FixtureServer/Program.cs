using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Aki.Client.FixtureServer;
using Aki.Client.Testing;

// aki-fixtures serve [--port N] [--fixtures DIR] [--api-key KEY] [--no-fallback] [--chunk-size N] [--event-delay-ms N]
// aki-fixtures record --upstream URL [--port N] [--fixtures DIR]
CommandLine? command;
try
{
    command = CommandLine.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine("aki-fixtures: " + e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

if (command is null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

AkiFixtureServer server;
try
{
    server = await AkiFixtureServer.StartAsync(command.ToServerOptions());
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or DirectoryNotFoundException)
{
    Console.Error.WriteLine("aki-fixtures: " + e.Message);
    return 1;
}

await using (server)
{
    var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.TrySetResult();
    };
    using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.TrySetResult();
    });

    // Scripts wait for this exact line on stdout and read the address from it; everything else goes to stderr.
    Console.WriteLine($"Listening on {server.BaseAddress}");
    Console.Error.WriteLine(command.Describe(server));
    Console.Error.WriteLine("Press Ctrl+C to stop.");
    await stop.Task;
}

return 0;
