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

    [Fact]
    public void A_failed_refresh_is_retried_while_the_token_is_still_usable_not_a_fixed_minute_later()
    {
        var options = new MailboxOptions();
        // Two minutes of life, half a minute left: usable for 18 s more (a tenth of the lifetime is kept in reserve).
        var tokens = new TokenSet("at", "rt", Now.AddSeconds(-90), Now.AddSeconds(30), []);
        var random = new Random(7);

        var retries = Enumerable.Range(1, 5).SelectMany(failures =>
            Enumerable.Range(0, 200).Select(_ => RefreshSchedule.RetryIn(tokens, Now, options, failures, null, random))).ToList();

        Assert.All(retries, r => Assert.InRange(r, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(9)));
        Assert.True(RefreshSchedule.IsUsable(tokens, Now + retries.Max(), options));
    }

    [Fact]
    public void Retries_back_off_exponentially_up_to_a_minute_when_the_token_has_time_or_is_gone()
    {
        var options = new MailboxOptions();
        var fresh = new TokenSet("at", "rt", Now.AddMinutes(-55), Now.AddMinutes(5), []);
        var expired = new TokenSet("at", "rt", Now.AddHours(-2), Now.AddHours(-1), []);
        var random = new Random(3);

        TimeSpan[] Retries(TokenSet tokens, int failures) =>
            Enumerable.Range(0, 200).Select(_ => RefreshSchedule.RetryIn(tokens, Now, options, failures, null, random)).ToArray();

        Assert.All(Retries(fresh, 1), r => Assert.InRange(r, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)));
        Assert.All(Retries(fresh, 2), r => Assert.InRange(r, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)));
        Assert.All(Retries(fresh, 50), r => Assert.InRange(r, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)));
        Assert.All(Retries(expired, 6), r => Assert.InRange(r, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Mailboxes_throttled_together_come_back_spread_out()
    {
        var options = new MailboxOptions();
        var tokens = new TokenSet("at", "rt", Now.AddMinutes(-55), Now.AddMinutes(5), []);
        var random = new Random(11);

        var retries = Enumerable.Range(0, 1000).Select(_ => RefreshSchedule.RetryIn(tokens, Now, options, 1, null, random)).ToList();

        Assert.True(retries.Distinct().Count() > 900, "jitter spreads the retries");
        Assert.True(retries.Max() - retries.Min() > TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void The_providers_Retry_After_is_never_cut_short_and_no_retry_comes_at_once()
    {
        var options = new MailboxOptions();
        var tokens = new TokenSet("at", "rt", Now.AddSeconds(-90), Now.AddSeconds(30), []);
        var almostGone = tokens with { ExpiresAt = Now.AddSeconds(11) };

        Assert.Equal(TimeSpan.FromSeconds(45), RefreshSchedule.RetryIn(tokens, Now, options, 1, TimeSpan.FromSeconds(45), new Random(1)));
        Assert.Equal(RefreshSchedule.RetryFloor, RefreshSchedule.RetryIn(almostGone, Now, options, 1, null, new Random(1)));
    }
}
