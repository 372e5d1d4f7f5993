using System;
using System.Net;

namespace Aki.Client.Http;

/// <summary>Normalises the base address users paste and refuses ones that would leak the key.</summary>
internal static class Endpoint
{
    /// <summary>
    /// Returns the base address ending in <c>/</c>, to which <c>v1/messages</c> is appended. Accepts the host alone
    /// (AKI.IO's <c>/anthropic</c> is added), a trailing slash and a trailing <c>/v1</c>.
    /// </summary>
    public static Uri Normalize(Uri endpoint) => Normalize(endpoint, "AkiClientOptions.Endpoint");

    /// <summary>As <see cref="Normalize(Uri)"/>, with errors that name where the address came from.</summary>
    /// <param name="endpoint">The address.</param>
    /// <param name="setting">The setting to fix, such as "The AKI_BASE_URL environment variable".</param>
    public static Uri Normalize(Uri endpoint, string setting)
    {
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException($"{setting} must be an absolute address such as {AkiClientOptions.DefaultEndpoint}, not '{endpoint}'.", nameof(endpoint));
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"{setting} must use https, not '{endpoint.Scheme}'.", nameof(endpoint));
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !IsLoopback(endpoint))
        {
            throw new ArgumentException(
                $"{setting} '{endpoint.GetLeftPart(UriPartial.Authority)}' uses plain http, which would send the API key unencrypted. Use https, or http only to a loopback address (localhost, 127.0.0.1, [::1]) such as a local fixture server.",
                nameof(endpoint));
        }

        string path = endpoint.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path.Substring(0, path.Length - 3);
        }

        if (path.Length == 0 && IsAkiHost(endpoint.Host))
        {
            path = "/anthropic";
        }

        var builder = new UriBuilder(endpoint) { Path = path + "/", Query = string.Empty, Fragment = string.Empty };
        return builder.Uri;
    }

    private static bool IsAkiHost(string host) =>
        host.Equals("aki.io", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".aki.io", StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback
        || endpoint.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
}
