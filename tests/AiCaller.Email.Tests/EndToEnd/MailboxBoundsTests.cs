using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Tenants;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>What a tenant's mailboxes cost: nothing for an account id nobody started, and at most the configured number.</summary>
public sealed class MailboxBoundsTests
{
    [Fact]
    public async Task Status_and_delete_of_accounts_nobody_started_store_nothing()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        await world.ConnectAsync(api, "/api/gmail/accounts/real", TestWorld.NewEmail());
        var before = Rows(world);

        foreach (var provider in new[] { "gmail", "outlook" })
        {
            for (var i = 0; i < 20; i++)
            {
                var path = $"/api/{provider}/accounts/{TestWorld.NewAccount()}";
                var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
                Assert.Equal("disconnected", status.GetProperty("status").GetString());
                using var deleted = await api.DeleteAsync(path);
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
                using var messages = await api.GetAsync($"{path}/messages");
                await ProblemAssert.IsProblem(messages, HttpStatusCode.Conflict, "not_connected");
            }
        }

        Assert.Equal(before, Rows(world));
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        Assert.Equal("real", Assert.Single(accounts.GetProperty("accounts").EnumerateArray()).GetProperty("account").GetString());
    }

    [Fact]
    public async Task A_burst_of_calls_for_an_account_nobody_started_is_answered_in_full_and_stores_nothing()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["RATE_LIMIT_PER_TENANT"] = "0" });
        using var api = world.Api();
        var before = Rows(world);
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";

        // Concurrent calls to one activation that retires itself must not be forwarded until Orleans refuses them.
        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => i % 10 == 0 ? api.DeleteAsync(path) : api.GetAsync($"{path}/status")));

        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode, $"{(int)a.StatusCode}: {a.Content.ReadAsStringAsync().Result}"));
        Assert.Equal(before, Rows(world));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task A_tenant_at_its_mailbox_limit_cannot_start_another_until_one_is_deleted()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["MAX_MAILBOXES_PER_TENANT"] = "2" });
        using var api = world.Api();
        await world.ConnectAsync(api, "/api/gmail/accounts/first", TestWorld.NewEmail());
        using (var second = await api.GetAsync("/api/outlook/accounts/second/oauth/start"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using var refused = await api.GetAsync("/api/gmail/accounts/third/oauth/start");
        using var reconnect = await api.GetAsync("/api/gmail/accounts/first/oauth/start");

        var detail = await ProblemAssert.IsProblem(refused, HttpStatusCode.Conflict, "limit_reached");
        Assert.Contains("2", detail);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        Assert.DoesNotContain(accounts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == "third");

        using (var deleted = await api.DeleteAsync("/api/outlook/accounts/second"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var afterDelete = await api.GetAsync("/api/gmail/accounts/third/oauth/start");
        Assert.Equal(HttpStatusCode.OK, afterDelete.StatusCode);
    }

    [Fact]
    public async Task The_limit_is_per_tenant()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?>
        {
            ["MAX_MAILBOXES_PER_TENANT"] = "1",
            ["API_KEYS"] = $"tenant-a:{TenantKeys.KeyA},tenant-b:{TenantKeys.KeyB}",
        });
        using var tenantA = world.Api(TenantKeys.KeyA);
        using var tenantB = world.Api(TenantKeys.KeyB);

        using var a1 = await tenantA.GetAsync("/api/gmail/accounts/one/oauth/start");
        using var a2 = await tenantA.GetAsync("/api/gmail/accounts/two/oauth/start");
        using var b1 = await tenantB.GetAsync("/api/gmail/accounts/one/oauth/start");

        Assert.Equal(HttpStatusCode.OK, a1.StatusCode);
        await ProblemAssert.IsProblem(a2, HttpStatusCode.Conflict, "limit_reached");
        Assert.Equal(HttpStatusCode.OK, b1.StatusCode);
    }

    [Fact]
    public async Task Delete_removes_a_listed_account_whose_state_was_never_stored()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        // What a host that died between listing an account and storing its state leaves behind.
        var orphan = MailboxKey.Create(ProviderName.Gmail, MailboxKey.DefaultTenant, "orphan");
        Assert.True(await world.Host.Services.GetRequiredService<MailboxDirectory>().TryAddAsync(orphan, 10, DateTimeOffset.UtcNow));
        Assert.Single((await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts")).GetProperty("accounts").EnumerateArray());

        using var deleted = await api.DeleteAsync("/api/gmail/accounts/orphan");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts")).GetProperty("accounts").EnumerateArray());
        var counts = (await api.GetFromJsonAsync<JsonElement>("/api/health/integrations")).GetProperty("integrations").GetProperty("gmail").GetProperty("accounts");
        Assert.Equal(0, counts.GetProperty("disconnected").GetInt32());
    }

    private static (long States, long Directory, long Counts, long Reminders) Rows(TestWorld world)
    {
        long Count(string table) => StoredData.Query(world.DataDirectory, $"SELECT COUNT(*) FROM {table}", row => row.GetInt64(0)).Single();
        var counted = StoredData.Query(world.DataDirectory, "SELECT COALESCE(SUM(mailboxes), 0) FROM mailbox_counts", row => row.GetInt64(0)).Single();
        return (Count("grain_state"), Count("mailbox_directory"), counted, Count("reminders"));
    }
}
