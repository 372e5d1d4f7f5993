using System;

namespace Aki.Client.Testing;

/// <summary>
/// Thrown out of the request handler to drop a connection mid-body. Kestrel answers an application error after
/// the response has started by closing the connection without ending the body: everything written so far reaches
/// the client, then the socket closes. (<c>HttpContext.Abort</c> would reset it, and a reset can discard data the
/// client has not read yet, which makes "after N events" unreliable.)
/// </summary>
internal sealed class ConnectionDropException : Exception
{
    public ConnectionDropException()
        : base("The fixture drops the connection here.")
    {
    }
}
