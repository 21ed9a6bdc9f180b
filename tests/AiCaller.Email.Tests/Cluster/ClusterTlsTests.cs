using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AiCaller.Email.Grains.Health;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Tests.Infrastructure;
using AiCaller.Email.Tests.Storage;
using Xunit.Abstractions;

namespace AiCaller.Email.Tests.Cluster;

/// <summary>
/// Issue 7 point 5: with ORLEANS_TLS_CERTIFICATE_FILE the silos and their clients speak mutual TLS with the cluster's
/// certificate, and the gateways admit no client that does not hold it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTests(ITestOutputHelper output)
{
    private const string Password = "cluster-cert-password";

    /// <summary>What Orleans' TLS middleware logs when a handshake fails.</summary>
    private const string HandshakeFailed = "Authentication failed";

    /// <summary>A client that holds the certificate is admitted within seconds; one that is not still tries after this.</summary>
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_a_cluster_certificate_silos_and_api_speak_mutual_tls_and_a_gateway_admits_no_client_without_it()
    {
        using var certificates = new TemporaryDirectory();
        Directory.CreateDirectory(certificates.Path);
        var clusterCertificate = Path.Combine(certificates.Path, "cluster.pfx");
        var otherCertificate = Path.Combine(certificates.Path, "other.pfx");
        TestCertificate.WritePfx(clusterCertificate, Password, "AiCaller.Email cluster");
        TestCertificate.WritePfx(otherCertificate, Password, "AiCaller.Email cluster");

        await using var world = await ClusterWorld.StartAsync(silos: 2, new Dictionary<string, string?>
        {
            ["ORLEANS_TLS_CERTIFICATE_FILE"] = clusterCertificate,
            ["ORLEANS_TLS_CERTIFICATE_PASSWORD"] = Password,
        });

        // The API, a client of the gateways, connects a mailbox and sends through it.
        var mailbox = ClusterMailbox.New(ProviderName.Gmail, "tls");
        await world.ConnectMailboxAsync(mailbox.Path, mailbox.Email);
        using (var api = world.Api.Client())
        {
            using var send = await api.PostAsJsonAsync($"{mailbox.Path}/send", new { to = "callee@example.com", subject = "over TLS", body = "x" });
            Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        }

        Assert.Single(await world.Emulator.Control.GetSentAsync(mailbox.Email));

        // A client with the cluster's certificate is admitted, and the two silos reach each other: the management grain
        // asks each silo for its statistics, a call from one silo to the other.
        var admission = Stopwatch.StartNew();
        await using (var member = await world.ConnectClientAsync())
        {
            output.WriteLine($"A client with the cluster's certificate was admitted in {admission.Elapsed.TotalSeconds:0.0} s.");
            var management = member.Client.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            Assert.Equal(2, (await management.GetRuntimeStatistics([.. hosts.Keys])).Length);
            Assert.Null(await member.Client.GetGrain<IReadinessGrain>(0).ProbeAsync());
        }

        // Everyone so far held the certificate, so no handshake failed.
        Assert.DoesNotContain(world.Silos.SelectMany(s => s.Output), line => line.Contains(HandshakeFailed, StringComparison.Ordinal));

        // The same client without TLS, or with a certificate of its own, gets no grain called, and the gateways say why.
        var plainRefusal = RefusalAsync(world, new Dictionary<string, string?> { ["ORLEANS_TLS_CERTIFICATE_FILE"] = null, ["ORLEANS_TLS_CERTIFICATE_PASSWORD"] = null });
        var strangerRefusal = RefusalAsync(world, new Dictionary<string, string?> { ["ORLEANS_TLS_CERTIFICATE_FILE"] = otherCertificate });
        var plain = await plainRefusal;
        var stranger = await strangerRefusal;
        output.WriteLine($"A client without TLS: not admitted within {RefusedWithin.TotalSeconds} s ({plain.GetType().Name}: {plain.Message})");
        output.WriteLine($"A client with another certificate: not admitted within {RefusedWithin.TotalSeconds} s ({stranger.GetType().Name}: {stranger.Message})");
        var siloOutput = world.Silos.SelectMany(s => s.Output).ToList();
        Assert.Contains(siloOutput, line => line.Contains(HandshakeFailed, StringComparison.Ordinal));
        var reasons = siloOutput.Where(line => line.Contains("AuthenticationException: ", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("AuthenticationException: ", StringComparison.Ordinal) + 25)..]).Distinct();
        output.WriteLine($"Why the gateways refused: {string.Join(" | ", reasons)}");
        world.AssertNoServerErrors();
    }

    /// <summary>How a client with the world's settings and <paramref name="changes"/> fails to connect or to call a grain.</summary>
    private static async Task<Exception> RefusalAsync(ClusterWorld world, Dictionary<string, string?> changes)
    {
        var refusal = await Record.ExceptionAsync(async () =>
        {
            await using var client = await world.ConnectClientAsync(changes, RefusedWithin);
            await client.Client.GetGrain<IReadinessGrain>(0).ProbeAsync().WaitAsync(RefusedWithin);
        });
        Assert.True(refusal is not null, "the gateway admitted the client and ran its call");
        return refusal;
    }
}
