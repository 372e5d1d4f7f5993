using System;

namespace Aki.Client.Http;

/// <summary>
/// Removes the API key from text that came from outside the SDK (a server's body, a runtime's exception message)
/// before it is kept in an exception or logged. Only the outside text is given here, never the SDK's own wording, so a
/// key that happens to spell a word of ours cannot garble a message.
/// </summary>
/// <remarks>
/// Keys shorter than <see cref="MinimumKeyLength"/> characters are not treated as secrets: they are placeholders such
/// as <c>fixture</c> or <c>test-key</c>, and replacing every occurrence of a common word would make messages
/// unreadable. Real AKI.IO keys are far longer.
/// </remarks>
internal static class Redaction
{
    /// <summary>The shortest key that is redacted: 16 characters.</summary>
    public const int MinimumKeyLength = 16;

    public const string Marker = "[redacted]";

    /// <summary>The text with every occurrence of the key replaced.</summary>
    public static string? Redact(string? text, string? key)
    {
        if (text is null || !IsSecret(key) || text.IndexOf(key!, StringComparison.Ordinal) < 0)
        {
            return text;
        }

        return text.Replace(key!, Marker);
    }

    /// <summary>
    /// Redacts, then cuts to at most <paramref name="maxLength"/> characters. Whenever the text is cut, here or before
    /// (<paramref name="alreadyCut"/>: the source was read only up to a limit), a start of the key left at the end is
    /// removed too: a key that straddles the cut is never found whole, and its first characters would otherwise stay.
    /// </summary>
    public static string RedactAndCut(string text, string? key, int maxLength, bool alreadyCut)
    {
        string redacted = Redact(text, key)!;
        bool cut = alreadyCut || redacted.Length > maxLength;
        if (redacted.Length > maxLength)
        {
            redacted = redacted.Substring(0, maxLength);
        }

        return cut && IsSecret(key) ? TrimKeyStart(redacted, key!) : redacted;
    }

    private static bool IsSecret(string? key) => key is not null && key.Length >= MinimumKeyLength;

    private static string TrimKeyStart(string text, string key)
    {
        for (int length = Math.Min(key.Length - 1, text.Length); length > 0; length--)
        {
            if (string.CompareOrdinal(text, text.Length - length, key, 0, length) == 0)
            {
                return text.Substring(0, text.Length - length);
            }
        }

        return text;
    }
}
