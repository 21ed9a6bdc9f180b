using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Tenants;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Grains;

/// <summary>The mailbox and tenant directory grains on Orleans' TestingHost, talking to the emulator.</summary>
public sealed class MailboxGrainTests(MailboxClusterFixture fixture) : IClassFixture<MailboxClusterFixture>
{
    private static MailboxKey NewKey(string tenant = "t1") => MailboxKey.Create(ProviderName.Gmail, tenant, TestWorld.NewAccount());

    [Fact]
    public async Task A_connected_mailbox_reports_its_address_and_scopes_and_reaches_its_directory()
    {
        var key = NewKey();
        var email = TestWorld.NewEmail();

        await fixture.ConnectAsync(key, email);

        var status = await fixture.Mailbox(key).GetStatusAsync();
        Assert.Equal(MailboxStatusKind.Connected, status.Status);
        Assert.Equal(email, status.Email);
        Assert.Contains("https://www.googleapis.com/auth/gmail.send", status.Scopes);
        var page = await fixture.Grains.GetGrain<ITenantDirectoryGrain>(key.Tenant).ListAsync(ProviderName.Gmail, 1000, null);
        Assert.Contains(page.Accounts, a => a.Account == key.Account && a.Status == MailboxStatusKind.Connected && a.Email == email);
    }

    [Fact]
    public async Task State_survives_deactivation_and_the_reactivated_grain_still_sends()
    {
        var key = NewKey();
        var email = TestWorld.NewEmail();
        await fixture.ConnectAsync(key, email);

        await fixture.Cluster.DeactivateAsync(fixture.Mailbox(key));

        var status = await fixture.Mailbox(key).GetStatusAsync();
        Assert.Equal(MailboxStatusKind.Connected, status.Status);
        var sent = await fixture.Mailbox(key).SendAsync(
            new SendMailRequest(["a@example.com"], [], [], "after reactivation", "x", null, null, []), null);
        Assert.NotNull(sent.Id);
        Assert.Single(await fixture.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task The_keep_alive_check_detects_a_revoked_grant()
    {
        var key = NewKey();
        var email = TestWorld.NewEmail();
        await fixture.ConnectAsync(key, email);
        await fixture.Emulator.Control.RevokeUserAsync(email);

        var problem = await Assert.ThrowsAsync<MailboxProblemException>(() => fixture.Mailbox(key).CheckTokenAsync());

        Assert.Equal(ProblemCode.TokenInvalid, problem.Code);
        var status = await fixture.Mailbox(key).GetStatusAsync();
        Assert.Equal(MailboxStatusKind.Disconnected, status.Status);
        Assert.Equal("token_invalid", status.LastError?.Code);
        var health = await fixture.Grains.GetGrain<ITenantDirectoryGrain>(key.Tenant).GetHealthAsync();
        Assert.True(health.Single(h => h.Provider == ProviderName.Gmail).Disconnected >= 1);
    }

    [Fact]
    public async Task The_keep_alive_check_refreshes_a_healthy_grant()
    {
        var key = NewKey();
        var email = TestWorld.NewEmail();
        await fixture.ConnectAsync(key, email);
        var before = await fixture.Mailbox(key).GetStatusAsync();

        var after = await fixture.Mailbox(key).CheckTokenAsync();

        Assert.Equal(MailboxStatusKind.Connected, after.Status);
        Assert.True(after.LastRefreshedAt > before.LastRefreshedAt);
        Assert.Equal(1, (await fixture.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser[email]);
    }

    [Fact]
    public async Task Problems_cross_the_grain_boundary_with_their_code()
    {
        var key = NewKey();

        var problem = await Assert.ThrowsAsync<MailboxProblemException>(
            () => fixture.Mailbox(key).ListMessagesAsync(new MessageListQuery(10, null, null, null)));

        Assert.Equal(ProblemCode.NotConnected, problem.Code);
        Assert.Equal("Gmail OAuth not completed", problem.Detail);
    }

    [Fact]
    public async Task A_completed_connect_cannot_be_replayed_with_the_same_nonce()
    {
        var key = NewKey();
        var start = await fixture.Mailbox(key).StartConnectAsync("http://localhost/api/gmail/oauth/callback", returnUrl: null);
        var callback = await fixture.Emulator.Control.ConsentAsync(new Uri(start.AuthUrl), TestWorld.NewEmail());
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.True(fixture.SiloService<AiCaller.Email.Grains.Security.OAuthStateCodec>().TryUnprotect(query["state"], out _, out var nonce));
        Assert.NotNull((await fixture.Mailbox(key).CompleteConnectAsync(nonce!, query["code"]!)).Connected);

        var replay = await Assert.ThrowsAsync<MailboxProblemException>(() => fixture.Mailbox(key).CompleteConnectAsync(nonce!, query["code"]!));

        Assert.Equal(ProblemCode.InvalidRequest, replay.Code);
    }

    [Fact]
    public async Task Tenants_are_separate_directories()
    {
        var shared = TestWorld.NewAccount();
        var a = MailboxKey.Create(ProviderName.Gmail, "tenant-a-" + shared, shared);
        var b = MailboxKey.Create(ProviderName.Gmail, "tenant-b-" + shared, shared);
        await fixture.ConnectAsync(a, TestWorld.NewEmail());

        var statusB = await fixture.Mailbox(b).GetStatusAsync();
        var listB = await fixture.Grains.GetGrain<ITenantDirectoryGrain>(b.Tenant).ListAsync(ProviderName.Gmail, 1000, null);

        Assert.Equal(MailboxStatusKind.Disconnected, statusB.Status);
        Assert.Null(statusB.Email);
        Assert.Empty(listB.Accounts);
    }
}
