using System;
using System.Net.Http;

namespace Aki.Client.Http;

/// <summary>The HTTP handler the SDK's own clients use, and the DI factory's clients too.</summary>
internal static class HttpHandlers
{
    public static HttpMessageHandler Create()
    {
#if NET
        return new SocketsHttpHandler
        {
            // Long-lived clients must notice DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,

            // A redirect would carry x-api-key to wherever it points (only Authorization is stripped): surface it instead.
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
#else
        return new HttpClientHandler
        {
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
            AllowAutoRedirect = false,
        };
#endif
    }

    /// <summary>A client of the SDK's own: no <see cref="HttpClient.Timeout"/>, since the SDK's timeouts decide.</summary>
    public static HttpClient CreateOwnedClient() =>
        new(Create(), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
}
