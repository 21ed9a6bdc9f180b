using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Cluster;

/// <summary>
/// Issue 7 point 5: the embedded default's co-hosted API calls its silo in-process, so no Orleans gateway listens —
/// before, any local process could connect to it and call any tenant's grains without an API key.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EmbeddedGatewayTests
{
    [Fact]
    public async Task The_embedded_default_accepts_no_connection_on_the_gateway_port_while_the_api_works()
    {
        await using var world = await ProcessWorld.StartAsync();
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        world.Settings["ORLEANS_SILO_PORT"] = siloPort.ToString();
        world.Settings["ORLEANS_GATEWAY_PORT"] = gatewayPort.ToString();
        await using var host = await world.StartApiAsync();

        using var api = host.Client();
        var email = TestWorld.NewEmail();
        await MailboxConsent.ConnectAsync(api, world.Emulator.Control, "/api/gmail/accounts/agent-1", email);
        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts/agent-1/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());

        // The silo's own port listens, so a listener on the gateway port would be seen the same way.
        Assert.True(await AcceptsAsync(siloPort), $"nothing listens on the silo port {siloPort}:{Environment.NewLine}{host.OutputTail}");
        Assert.False(await AcceptsAsync(gatewayPort), $"something accepted a connection on the gateway port {gatewayPort}");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(30));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }
}
