using System;
using System.Collections.Generic;
using System.Text;

namespace Aki.Client.Testing;

/// <summary>Builds SSE frames from event names and data, and cuts raw SSE text into frames.</summary>
internal static class SseFrames
{
    /// <summary>Writes <c>event:</c> and one <c>data:</c> line per line of data, then the blank line that dispatches it.</summary>
    public static SseFrame Create(string? eventName, string data)
    {
        var text = new StringBuilder();
        if (eventName is not null)
        {
            text.Append("event: ").Append(eventName).Append('\n');
        }

        foreach (string line in data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        text.Append('\n');
        return new SseFrame(eventName, data, Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>
    /// Cuts SSE text into frames at blank lines, keeping every byte as written (line endings, comments, padding), so
    /// a replay is byte for byte the recording. Text after the last blank line becomes a final, unterminated frame.
    /// </summary>
    public static List<SseFrame> Split(string sse)
    {
        var frames = new List<SseFrame>();
        int frameStart = 0;
        int position = 0;
        string? eventName = null;
        StringBuilder? data = null;
        bool hasLines = false;
        while (position < sse.Length)
        {
            int lineEnd = position;
            while (lineEnd < sse.Length && sse[lineEnd] != '\n' && sse[lineEnd] != '\r')
            {
                lineEnd++;
            }

            int next = lineEnd;
            if (next < sse.Length)
            {
                next += sse[next] == '\r' && next + 1 < sse.Length && sse[next + 1] == '\n' ? 2 : 1;
            }

            string line = sse.Substring(position, lineEnd - position);
            position = next;
            if (line.Length > 0)
            {
                hasLines = true;
                ReadField(line, ref eventName, ref data);
            }
            else if (hasLines)
            {
                // A blank line ends the frame; blank lines with nothing before them ride along with the next frame.
                frames.Add(Frame(sse, frameStart, position, eventName, data));
                frameStart = position;
                eventName = null;
                data = null;
                hasLines = false;
            }
        }

        if (frameStart < sse.Length)
        {
            if (hasLines || frames.Count == 0)
            {
                frames.Add(Frame(sse, frameStart, sse.Length, eventName, data));
            }
            else
            {
                // Trailing blank lines stay on the wire, as part of the last frame.
                SseFrame last = frames[frames.Count - 1];
                string lastText = Encoding.UTF8.GetString(last.Bytes) + sse.Substring(frameStart);
                frames[frames.Count - 1] = new SseFrame(last.EventName, last.Data, Encoding.UTF8.GetBytes(lastText));
            }
        }

        return frames;
    }

    private static void ReadField(string line, ref string? eventName, ref StringBuilder? data)
    {
        if (line[0] == ':')
        {
            return;
        }

        int colon = line.IndexOf(':', StringComparison.Ordinal);
        string field = colon < 0 ? line : line.Substring(0, colon);
        string value = colon < 0 ? string.Empty : line.Substring(colon + 1);
        if (value.Length > 0 && value[0] == ' ')
        {
            value = value.Substring(1);
        }

        if (field == "event")
        {
            eventName = value;
        }
        else if (field == "data")
        {
            data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
        }
    }

    private static SseFrame Frame(string sse, int start, int end, string? eventName, StringBuilder? data) =>
        new(eventName, data?.ToString() ?? string.Empty, Encoding.UTF8.GetBytes(sse.Substring(start, end - start)));
}
