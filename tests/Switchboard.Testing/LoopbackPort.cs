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

    /// <summary>
    /// A port that refuses connections until disposed: bound, so no other process (another test run's server) can
    /// take it meanwhile, but not listening.
    /// </summary>
    public static RefusingPort Refusing() => new();
}

/// <summary>A loopback port held bound without listening: connecting to it is refused. See <see cref="LoopbackPort.Refusing"/>.</summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    internal RefusingPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Dispose() => _socket.Dispose();
}
