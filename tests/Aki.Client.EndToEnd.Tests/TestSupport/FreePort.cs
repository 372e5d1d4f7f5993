using System.Net;
using System.Net.Sockets;

namespace Aki.Client.EndToEnd.Tests;

internal static class FreePort
{
    /// <summary>A loopback port that was free a moment ago, for options that need a number up front.</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
