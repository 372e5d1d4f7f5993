using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
#if NET
using System.Net.Http.Headers;
#endif

namespace Aki.Client.Http;

internal static class ResponseHeaders
{
    public static string? RequestId(HttpResponseMessage response) =>
        First(response, "request-id") ?? First(response, "x-request-id");

    /// <summary>
    /// The server's wait request: <c>retry-after-ms</c> (milliseconds, non-standard but preferred), then
    /// <c>Retry-After</c> as seconds (fractions allowed) or an HTTP date relative to <paramref name="now"/>.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (First(response, "retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds)
            && milliseconds >= 0)
        {
            return Clamp(milliseconds / 1000);
        }

        if (First(response, "retry-after") is not { } value)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return Clamp(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date))
        {
            TimeSpan delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }

    public static string? First(HttpResponseMessage response, string name)
    {
#if NET
        // Read as sent, without parsing or validating the other headers on the way (and without allocating).
        if (response.Headers.NonValidated.TryGetValues(name, out HeaderStringValues sent))
        {
            return FirstOf(sent);
        }

        return response.Content is not null && response.Content.Headers.NonValidated.TryGetValues(name, out sent) ? FirstOf(sent) : null;
#else
        if (response.Headers.TryGetValues(name, out IEnumerable<string>? values))
        {
            return values.FirstOrDefault();
        }

        return response.Content is not null && response.Content.Headers.TryGetValues(name, out values) ? values.FirstOrDefault() : null;
#endif
    }

#if NET
    private static string? FirstOf(HeaderStringValues values)
    {
        foreach (string value in values)
        {
            return value;
        }

        return null;
    }
#endif

    /// <summary>A wait in seconds as a <see cref="TimeSpan"/>; absurd or infinite values become the longest wait, which is above any cap.</summary>
    private static TimeSpan Clamp(double seconds) =>
        double.IsNaN(seconds) || seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
}
