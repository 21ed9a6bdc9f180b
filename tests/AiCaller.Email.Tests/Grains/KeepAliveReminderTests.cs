using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Tests.Infrastructure;
using Orleans.Hosting;

namespace AiCaller.Email.Tests.Grains;

/// <summary>A silo whose reminders may tick every few seconds, so the keep-alive reminder can be watched at work.</summary>
public sealed class FastReminderClusterFixture : MailboxClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } =
        new Dictionary<string, string?> { ["TOKEN_KEEPALIVE_SECONDS"] = "2" };

    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
}

public sealed class KeepAliveReminderTests(FastReminderClusterFixture fixture) : IClassFixture<FastReminderClusterFixture>
{
    [Fact]
    public async Task The_reminder_wakes_an_idle_mailbox_refreshes_it_and_notices_a_revoked_grant()
    {
        var key = MailboxKey.Create(ProviderName.Gmail, "reminders", TestWorld.NewAccount());
        var email = TestWorld.NewEmail();
        await fixture.ConnectAsync(key, email);
        await fixture.Cluster.DeactivateAsync(fixture.Mailbox(key));

        // Nobody calls the mailbox: only its reminder can refresh it.
        var refreshes = 0;
        for (var poll = 0; poll < 300 && refreshes < 2; poll++)
        {
            await Task.Delay(100);
            refreshes = (await fixture.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(email);
        }

        Assert.True(refreshes >= 2, $"the keep-alive reminder refreshed {refreshes} times");

        await fixture.Emulator.Control.RevokeUserAsync(email);
        var status = await fixture.Mailbox(key).GetStatusAsync();
        for (var poll = 0; poll < 300 && status.Status == MailboxStatusKind.Connected; poll++)
        {
            await Task.Delay(100);
            status = await fixture.Mailbox(key).GetStatusAsync();
        }

        Assert.Equal(MailboxStatusKind.Disconnected, status.Status);
        Assert.Equal("token_invalid", status.LastError?.Code);
    }
}
