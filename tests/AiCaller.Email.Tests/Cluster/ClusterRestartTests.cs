using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AiCaller.Email.Tests.Cluster;

/// <summary>Everything the cluster knows lives in its database: new processes on it carry on where the killed ones stopped.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_whole_cluster_killed_and_started_again_on_the_same_database_finds_every_mailbox_connected()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 2);
        ClusterMailbox[] mailboxes =
        [
            ClusterMailbox.New(ProviderName.Gmail, "gmail-a"), ClusterMailbox.New(ProviderName.Gmail, "gmail-b"),
            ClusterMailbox.New(ProviderName.Outlook, "outlook-a"), ClusterMailbox.New(ProviderName.Outlook, "outlook-b"),
        ];
        var before = new Dictionary<ClusterMailbox, string?>();
        using (var api = world.Api.Client())
        {
            foreach (var mailbox in mailboxes)
            {
                await world.ConnectMailboxAsync(mailbox.Path, mailbox.Email);
                before[mailbox] = await SendAsync(api, mailbox, "before-restart");
            }
        }

        var consents = await world.CodeExchangesAsync();
        await world.KillAllAsync();
        var restart = Stopwatch.StartNew();
        await world.StartSilosAsync(2);
        var silosReady = restart.Elapsed;
        await world.StartApiAsync();
        output.WriteLine($"All processes killed; two new silos ready after {silosReady.TotalSeconds:0.0} s, the new API after {restart.Elapsed.TotalSeconds:0.0} s.");

        using var restarted = world.Api.Client();
        foreach (var mailbox in mailboxes)
        {
            var status = await restarted.GetFromJsonAsync<JsonElement>($"{mailbox.Path}/status");
            Assert.Equal("connected", status.GetProperty("status").GetString());
            Assert.Equal(mailbox.Email, status.GetProperty("email").GetString());
            using var list = await restarted.GetAsync($"{mailbox.Path}/messages");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);

            // The send record survived too: the same key answers the first result and sends nothing.
            Assert.Equal(before[mailbox], await SendAsync(restarted, mailbox, "before-restart"));
            await SendAsync(restarted, mailbox, "after-restart");
            Assert.Equal(2, await SentCountAsync(world, mailbox));
        }

        foreach (var provider in new[] { "gmail", "outlook" })
        {
            var accounts = await restarted.GetFromJsonAsync<JsonElement>($"/api/{provider}/accounts");
            Assert.Equal(
                mailboxes.Where(m => m.Provider.ToSlug() == provider).Select(m => m.Account).Order(StringComparer.Ordinal),
                accounts.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account").GetString()!).Order(StringComparer.Ordinal));
        }

        var health = await restarted.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(consents, await world.CodeExchangesAsync());
        world.AssertNoServerErrors();
    }

    private static async Task<string?> SendAsync(HttpClient api, ClusterMailbox mailbox, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{mailbox.Path}/send")
        {
            Content = JsonContent.Create(new { to = "callee@example.com", subject = idempotencyKey, body = "Thanks for the call." }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"send to {mailbox} answered {(int)response.StatusCode}: {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id");
        return id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }

    private static async Task<int> SentCountAsync(ClusterWorld world, ClusterMailbox mailbox) => mailbox.Provider == ProviderName.Gmail
        ? (await world.Emulator.Control.GetSentAsync(mailbox.Email)).Count
        : (await world.Emulator.Control.GetGraphSentAsync(mailbox.Email)).Count;
}
