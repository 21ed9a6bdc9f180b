using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers;

namespace AiCaller.Email.Tests.Grains;

public sealed class RefreshScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Tokens_issued_together_are_refreshed_at_spread_times_ahead_of_expiry()
    {
        var options = new MailboxOptions { RefreshLeadTime = TimeSpan.FromMinutes(5), RefreshJitter = TimeSpan.FromMinutes(2) };
        var tokens = new TokenSet("at", "rt", Now, Now.AddHours(1), []);
        var random = new Random(42);

        var due = Enumerable.Range(0, 1000).Select(_ => RefreshSchedule.DueIn(tokens, Now, options, random)).ToList();

        Assert.All(due, d => Assert.InRange(d, TimeSpan.FromMinutes(53), TimeSpan.FromMinutes(55)));
        Assert.True(due.Distinct().Count() > 900, "jitter spreads the refreshes");
        Assert.True(due.Max() - due.Min() > TimeSpan.FromMinutes(1.5));
    }

    [Fact]
    public void Short_lived_tokens_are_refreshed_in_their_last_quarter_not_at_once()
    {
        var options = new MailboxOptions();
        var tokens = new TokenSet("at", "rt", Now, Now.AddSeconds(8), []);

        var due = RefreshSchedule.DueIn(tokens, Now, options, new Random(1));

        Assert.InRange(due, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void An_expired_token_is_due_now_and_unusable()
    {
        var options = new MailboxOptions();
        var tokens = new TokenSet("at", "rt", Now.AddHours(-2), Now.AddHours(-1), []);

        Assert.Equal(TimeSpan.Zero, RefreshSchedule.DueIn(tokens, Now, options, new Random(1)));
        Assert.False(RefreshSchedule.IsUsable(tokens, Now, options));
        Assert.True(RefreshSchedule.IsUsable(tokens with { ExpiresAt = Now.AddMinutes(30) }, Now, options));
        Assert.False(RefreshSchedule.IsUsable(tokens with { ExpiresAt = Now.AddSeconds(30) }, Now, options));
    }
}
