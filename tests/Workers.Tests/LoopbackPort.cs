using System.Net;
using System.Net.Sockets;

namespace Orchestration.Workers.Tests;

/// <summary>Ports on 127.0.0.1 for the servers the tests start as local processes.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on now (the system's choice of a free one).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
