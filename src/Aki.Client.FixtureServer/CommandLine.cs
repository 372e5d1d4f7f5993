using System;
using System.Globalization;
using System.IO;
using System.Text;
using Aki.Client.Testing;

namespace Aki.Client.FixtureServer;

/// <summary>What <c>aki-fixtures serve</c> or <c>aki-fixtures record</c> was asked to do.</summary>
internal sealed class CommandLine
{
    public const string Usage = """
        Usage:
          aki-fixtures serve [--port N] [--fixtures DIR] [--api-key KEY] [--no-fallback] [--chunk-size N] [--event-delay-ms N]
          aki-fixtures record --upstream URL [--port N] [--fixtures DIR]

        serve   Answers POST /v1/messages and GET /v1/models (also under /anthropic) from the starter fixtures of
                Aki.Client.Testing plus the *.json files under DIR. Prints "Listening on http://127.0.0.1:PORT/".
        record  Replays exact recordings from DIR and forwards everything else to URL (for example
                https://aki.io/anthropic) with the key from the AKI_API_KEY environment variable, saving each answer
                under DIR/recorded. The key is sent upstream only and never written to a file.

          --port N            the loopback port; 0 (the default) picks a free one
          --fixtures DIR      your fixture folder (record: default ./fixtures)
          --api-key KEY       the only key accepted (default: any non-empty key)
          --no-fallback       answer an unknown model with 404 instead of AKI.IO's minimax-m2.5-230b fallback
          --chunk-size N      the most bytes per flush of a stream (default 32)
          --event-delay-ms N  a pause before each streamed event (default 0)

        Scenarios: send the header x-aki-fixture-scenario with one of
          connection-drop, stream-truncated, rate-limited, overloaded, server-error-html, bad-request-openai-shape,
          midstream-error, slow-drip, model-fallback, models-anthropic-shape
        """;

    private CommandLine(bool record)
    {
        Record = record;
    }

    public bool Record { get; }

    public int Port { get; private set; }

    public string? Fixtures { get; private set; }

    public string? ApiKey { get; private set; }

    public Uri? Upstream { get; private set; }

    public bool NoFallback { get; private set; }

    public int? ChunkSize { get; private set; }

    public int? EventDelayMs { get; private set; }

    /// <summary>The command, or null when help was asked for.</summary>
    /// <exception cref="UsageException">The arguments are not a valid command.</exception>
    public static CommandLine? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            return null;
        }

        var command = args[0] switch
        {
            "serve" => new CommandLine(record: false),
            "record" => new CommandLine(record: true),
            _ => throw new UsageException($"unknown command '{args[0]}'; use serve or record."),
        };

        for (int i = 1; i < args.Length; i++)
        {
            string name = args[i];
            switch (name)
            {
                case "-h" or "--help":
                    return null;
                case "--port":
                    command.Port = Number(name, Value(args, ref i), 0, 65535);
                    break;
                case "--fixtures":
                    command.Fixtures = Value(args, ref i);
                    break;
                case "--api-key" when !command.Record:
                    command.ApiKey = Value(args, ref i);
                    break;
                case "--no-fallback" when !command.Record:
                    command.NoFallback = true;
                    break;
                case "--chunk-size" when !command.Record:
                    command.ChunkSize = Number(name, Value(args, ref i), 1, int.MaxValue);
                    break;
                case "--event-delay-ms" when !command.Record:
                    command.EventDelayMs = Number(name, Value(args, ref i), 0, int.MaxValue);
                    break;
                case "--upstream" when command.Record:
                    string text = Value(args, ref i);
                    command.Upstream = Uri.TryCreate(text, UriKind.Absolute, out Uri? upstream) && (upstream.Scheme == Uri.UriSchemeHttps || upstream.Scheme == Uri.UriSchemeHttp)
                        ? upstream
                        : throw new UsageException($"--upstream must be an absolute http(s) address such as https://aki.io/anthropic, not '{text}'.");
                    break;
                default:
                    throw new UsageException($"'{name}' is not an option of {args[0]}.");
            }
        }

        if (command.Record)
        {
            if (command.Upstream is null)
            {
                throw new UsageException("record needs --upstream URL, such as --upstream https://aki.io/anthropic.");
            }

            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AKI_API_KEY")))
            {
                throw new UsageException("record sends the upstream's key from the AKI_API_KEY environment variable; it is not set.");
            }

            command.Fixtures ??= "fixtures";
        }

        if (command.Fixtures is not null && !command.Record && !Directory.Exists(command.Fixtures))
        {
            throw new UsageException($"--fixtures '{command.Fixtures}' is not a folder.");
        }

        return command;
    }

    public AkiFixtureServerOptions ToServerOptions()
    {
        var options = new AkiFixtureServerOptions
        {
            Port = Port,
            FixtureDirectory = Fixtures is null ? null : Path.GetFullPath(Fixtures),
            ApiKey = ApiKey,
            UnknownModelFallback = !NoFallback,
            RecordUpstream = Upstream,
        };
        if (ChunkSize is { } chunkSize)
        {
            options.ChunkSize = chunkSize;
        }

        if (EventDelayMs is { } delay)
        {
            options.EventDelay = TimeSpan.FromMilliseconds(delay);
        }

        if (Record)
        {
            Directory.CreateDirectory(options.FixtureDirectory!);
        }

        return options;
    }

    /// <summary>What is being served, for the console (never the key).</summary>
    public string Describe(AkiFixtureServer server)
    {
        if (Record)
        {
            return "Recording answers of " + Upstream + " into " + Path.GetFullPath(Fixtures!) + " (the key from AKI_API_KEY is sent upstream only).";
        }

        string count = server.FixtureNames.Count.ToString(CultureInfo.InvariantCulture);
        return new StringBuilder("Serving ").Append(count).Append(" fixtures: the starter set")
            .Append(Fixtures is null ? string.Empty : " and " + Path.GetFullPath(Fixtures)).Append('.').AppendLine()
            .Append("Point a client at it with AKI_BASE_URL=").Append(server.BaseAddress)
            .Append(ApiKey is null ? " and any AKI_API_KEY." : " and AKI_API_KEY set to the --api-key value.").AppendLine()
            .Append("Scenarios: send the header ").Append(AkiFixtureServer.ScenarioHeader).Append(" (names in --help).")
            .ToString();
    }

    private static string Value(string[] args, ref int i) =>
        i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
            ? args[++i]
            : throw new UsageException($"{args[i]} needs a value.");

    private static int Number(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{text}'.");
}
