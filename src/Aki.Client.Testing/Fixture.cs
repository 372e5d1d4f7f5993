using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Aki.Client.Testing;

/// <summary>One recorded exchange: when it applies and what the server answers. Immutable once loaded.</summary>
internal sealed class Fixture
{
    public Fixture(string name, string source, bool isStarter, string? description, FixtureMatch match, FixtureResponse response)
    {
        Name = name;
        Source = source;
        IsStarter = isStarter;
        Description = description;
        Match = match;
        Response = response;
    }

    /// <summary>The file's path relative to its folder, without <c>.json</c>, with <c>/</c> separators.</summary>
    public string Name { get; }

    /// <summary>Where it was read from (a file path, or the package's resources), for error messages.</summary>
    public string Source { get; }

    public bool IsStarter { get; }

    public string? Description { get; }

    public FixtureMatch Match { get; }

    public FixtureResponse Response { get; }

    public override string ToString() => Name + " [" + Match + "]";
}

/// <summary>The criteria a request must meet; every stated criterion must hold.</summary>
internal sealed class FixtureMatch
{
    public const string MessagesPath = "/v1/messages";
    public const string ModelsPath = "/v1/models";

    public string Path { get; init; } = MessagesPath;

    public string? Model { get; init; }

    public string? Scenario { get; init; }

    public string? UserText { get; init; }

    public string? UserTextContains { get; init; }

    public int? MessageCount { get; init; }

    public bool? Stream { get; init; }

    /// <summary>
    /// How specific the fixture is: exact text beats contained text beats the message count beats the model beats
    /// the stream flag. Scenarios are not weighed: a request with a scenario only ever sees that scenario's fixtures.
    /// </summary>
    public int Specificity =>
        (UserText is null ? 0 : 16) + (UserTextContains is null ? 0 : 8) + (MessageCount is null ? 0 : 4) + (Model is null ? 0 : 2) + (Stream is null ? 0 : 1);

    public override string ToString()
    {
        var text = new StringBuilder(Path == MessagesPath ? "messages" : Path);
        Append(text, "scenario", Scenario);
        Append(text, "model", Model);
        Append(text, "stream", Stream?.ToString().ToLowerInvariant());
        Append(text, "messageCount", MessageCount?.ToString(CultureInfo.InvariantCulture));
        Append(text, "userText", UserText is null ? null : Quote(UserText, 60));
        Append(text, "userTextContains", UserTextContains is null ? null : Quote(UserTextContains, 60));
        return text.ToString();
    }

    internal static string Quote(string text, int max) =>
        "\"" + (text.Length <= max ? text : text.Substring(0, max) + "...") + "\"";

    private static void Append(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(", ").Append(name).Append('=').Append(value);
        }
    }
}

/// <summary>
/// What the server answers: a status and headers, then a JSON or text body, or a list of SSE frames, plus the
/// faults to inject while streaming.
/// </summary>
internal sealed class FixtureResponse
{
    public int Status { get; init; } = 200;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body as bytes: compact JSON when <see cref="BodyIsJson"/>, else text as written.</summary>
    public byte[]? Body { get; init; }

    public bool BodyIsJson { get; init; }

    public IReadOnlyList<SseFrame>? Events { get; init; }

    public int? ChunkSize { get; init; }

    public TimeSpan? EventDelay { get; init; }

    public int? AbortAfterEvents { get; init; }

    public bool IsError => Status >= 400;
}

/// <summary>One SSE event as it goes on the wire, with its name and data for the server's own use.</summary>
internal sealed class SseFrame
{
    public SseFrame(string? eventName, string data, byte[] bytes)
    {
        EventName = eventName;
        Data = data;
        Bytes = bytes;
    }

    public string? EventName { get; }

    public string Data { get; }

    public byte[] Bytes { get; }
}
