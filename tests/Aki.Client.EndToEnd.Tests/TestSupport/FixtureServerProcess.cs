using System.Diagnostics;
using System.Text;

namespace Aki.Client.EndToEnd.Tests;

/// <summary><c>aki-fixtures</c> running as its own process, as a user starts it from a shell.</summary>
internal sealed class FixtureServerProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "Listening on ";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private FixtureServerProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote so far, stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs the built tool (<c>dotnet exec aki-fixtures.dll</c>).</summary>
    public static Task<FixtureServerProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null) =>
        StartAsync("dotnet", ["exec", Paths.FixtureServerAssembly, .. arguments], environment);

    /// <summary>Runs any command that starts the server (an installed tool) and waits for its address.</summary>
    public static async Task<FixtureServerProcess> StartAsync(string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        CommandRunner.Quiet(start);
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var output = new StringBuilder();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                address.TrySetException(new InvalidOperationException("aki-fixtures closed its output before printing its address."));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith(ListeningPrefix, StringComparison.Ordinal))
            {
                address.TrySetResult(new Uri(e.Data.Substring(ListeningPrefix.Length).Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => address.TrySetException(new InvalidOperationException("aki-fixtures exited before printing its address."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            // A guard against a hung start, not a performance check.
            Uri baseAddress = await address.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new FixtureServerProcess(process, output, baseAddress);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            process.Dispose();
            throw new InvalidOperationException($"{e.Message} Output:\n{text}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
