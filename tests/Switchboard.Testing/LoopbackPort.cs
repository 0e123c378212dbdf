using System.Net;
using System.Net.Sockets;

namespace Switchboard.Testing;

/// <summary>Free ports on the loopback interface, for the servers and hosts tests start.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (another process may still take it before the caller binds it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
