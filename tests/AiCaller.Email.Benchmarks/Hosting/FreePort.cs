using System.Net;
using System.Net.Sockets;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>A loopback port nobody listens on right now, for the embedded silo's ports.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
