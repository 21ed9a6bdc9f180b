using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Providers.Http;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// Token lifecycle: refresh on demand (one refresh however many callers wait), a jittered timer ahead of
/// expiry while active, and a durable reminder that refreshes idle mailboxes to keep their grant alive.
/// </summary>
public sealed partial class MailboxGrain
{
    private const string KeepAliveReminder = "token-keepalive";

    private Task<TokenSet>? _refreshInFlight;
    private IGrainTimer? _refreshTimer;

    // The proactive refresh's backoff: its failures in a row, and the Retry-After of the token endpoint's last refusal.
    private int _failedRefreshes;
    private TimeSpan? _refusedRetryAfter;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != KeepAliveReminder)
        {
            return;
        }

        if (State.Tokens is null)
        {
            await UnregisterKeepAliveAsync();
            return;
        }

        await RefreshUnaskedAsync("Keep-alive");
    }

    private async Task<TokenSet> UsableTokensAsync()
    {
        var tokens = State.Tokens ?? throw ProviderMessages.NotConnected(_key.Provider);
        return RefreshSchedule.IsUsable(tokens, Now, _options) ? tokens : await RefreshOnceAsync(ConfiguredProvider());
    }

    private async Task<TokenSet> RefreshAfterRejectionAsync(TokenSet rejected)
    {
        var current = State.Tokens ?? throw ProviderMessages.TokenInvalid(_key.Provider);
        return current.AccessToken != rejected.AccessToken ? current : await RefreshOnceAsync(ConfiguredProvider());
    }

    /// <summary>Starts a refresh, or joins the one already running.</summary>
    private Task<TokenSet> RefreshOnceAsync(IMailProvider provider)
    {
        return _refreshInFlight ??= RunAsync();

        async Task<TokenSet> RunAsync()
        {
            // Yield first so the field is assigned before this can complete and clear it.
            await Task.Yield();
            try
            {
                return await RefreshCoreAsync(provider);
            }
            finally
            {
                _refreshInFlight = null;
            }
        }
    }

    private async Task<TokenSet> RefreshCoreAsync(IMailProvider provider)
    {
        var tokens = State.Tokens ?? throw ProviderMessages.NotConnected(_key.Provider);
        var refreshed = await RefreshOrFailAsync(provider, tokens);
        if (!ReferenceEquals(State.Tokens, tokens))
        {
            // Disconnected or reconnected while the refresh was under way: what is stored now wins.
            return State.Tokens ?? throw ProviderMessages.NotConnected(_key.Provider);
        }

        State.Tokens = refreshed;
        State.Status = MailboxStatusKind.Connected;
        State.LastError = null;
        State.LastRefreshedAt = Now;
        await WriteStateAsync();

        // Also when the status stayed: the account list shows the time of the last refresh (the row alone is written).
        await ReportStatusAsync();

        ScheduleRefreshTimer(refreshed);
        return refreshed;
    }

    /// <summary>Runs a refresh and turns its failure into the mailbox's status and a problem.</summary>
    private async Task<TokenSet> RefreshOrFailAsync(IMailProvider provider, TokenSet tokens)
    {
        try
        {
            return await provider.RefreshAsync(tokens, CancellationToken.None);
        }
        catch (TokenGrantException e)
        {
            throw await OnRefreshFailureAsync(e, tokens);
        }
    }

    /// <summary>A refresh failed: a lost grant disconnects the mailbox, rejected app credentials put it in error.</summary>
    private async Task<MailboxProblemException> OnRefreshFailureAsync(TokenGrantException failure, TokenSet failed)
    {
        // Only the tokens that failed are judged: a disconnect or reconnect meanwhile replaced them.
        var current = ReferenceEquals(State.Tokens, failed);
        _refusedRetryAfter = failure.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        switch (failure.Failure)
        {
            case TokenGrantFailure.InvalidGrant:
                if (current)
                {
                    logger.LogWarning("Mailbox {Mailbox} lost its grant: {Reason}", _key, failure.Message);
                    StopRefreshTimer();
                    State.Tokens = null;
                    await SetFailedAsync(MailboxStatusKind.Disconnected, ProblemCode.TokenInvalid, failure.Message);
                    await UnregisterKeepAliveAsync();
                }

                return ProviderMessages.TokenInvalid(_key.Provider);
            case TokenGrantFailure.InvalidClient when current:
                await SetFailedAsync(MailboxStatusKind.Error, ProblemCode.AppCredentialsInvalid, failure.Message);
                break;
        }

        return ProblemOf(failure);
    }

    /// <summary>What a token-endpoint failure means to the caller, without touching the mailbox's state.</summary>
    private MailboxProblemException ProblemOf(TokenGrantException failure)
    {
        var provider = _key.Provider;
        switch (failure.Failure)
        {
            case TokenGrantFailure.InvalidGrant:
                return new MailboxProblemException(ProblemCode.InvalidRequest,
                    $"{provider.ToDisplayName()} rejected the authorization code: {failure.Message}");
            case TokenGrantFailure.InvalidClient:
                logger.LogError("{Provider} rejected the app's client credentials: {Reason}", provider, failure.Message);
                return ProviderMessages.AppCredentialsInvalid(provider, failure.Message);
            case TokenGrantFailure.RateLimited:
                return new MailboxProblemException(ProblemCode.RateLimited,
                    $"{provider.ToDisplayName()} token endpoint throttled the request: {failure.Message}", failure.RetryAfterSeconds ?? RetryAfter.Seconds(null));
            default:
                return new MailboxProblemException(ProblemCode.ProviderError,
                    $"{provider.ToDisplayName()} token endpoint failed: {failure.Message}");
        }
    }

    private async Task SetFailedAsync(MailboxStatusKind status, ProblemCode code, string message)
    {
        State.Status = status;
        State.LastError = new MailboxError(code.ToSlug(), message, Now);
        await WriteStateAsync();
        await ReportStatusAsync();
    }

    private void ScheduleRefreshTimer(TokenSet tokens)
    {
        StopRefreshTimer();
        _failedRefreshes = 0;
        var due = RefreshSchedule.DueIn(tokens, Now, _options, Random.Shared);
        _refreshTimer = this.RegisterGrainTimer(
            OnRefreshTimerAsync,
            new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = false });
    }

    private void StopRefreshTimer()
    {
        _refreshTimer?.Dispose();
        _refreshTimer = null;
    }

    private async Task OnRefreshTimerAsync(CancellationToken cancellationToken)
    {
        if (await RefreshUnaskedAsync("Proactive") is { Code: ProblemCode.ProviderError or ProblemCode.RateLimited } && State.Tokens is { } tokens)
        {
            // Transient: back off, but come back while the token is still usable (a fixed minute outlived short tokens,
            // and brought every mailbox throttled in one second back in the same second a minute later).
            _failedRefreshes++;
            _refreshTimer?.Change(
                RefreshSchedule.RetryIn(tokens, Now, _options, _failedRefreshes, _refusedRetryAfter, Random.Shared), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A refresh no caller waits for (timer, reminder): its failure is logged and shows in the status.</summary>
    private async Task<MailboxProblemException?> RefreshUnaskedAsync(string trigger)
    {
        if (State.Tokens is null || !providers.ConfigurationOf(_key.Provider).IsConfigured)
        {
            return null;
        }

        using var span = StartUnaskedWorkSpan($"{_key.Provider.ToSlug()} {trigger.ToLowerInvariant()} refresh");
        try
        {
            await RefreshOnceAsync(providers.Get(_key.Provider));
            return null;
        }
        catch (MailboxProblemException e)
        {
            logger.LogWarning("{Trigger} refresh of mailbox {Mailbox} failed: {Code} {Reason}", trigger, _key, e.Code.ToSlug(), e.Detail);
            return e;
        }
    }

    // The first tick falls anywhere in the second half of the period, so that mailboxes connected together
    // (an import, a seeded batch) do not all wake up in the same minute.
    private Task RegisterKeepAliveAsync() =>
        this.RegisterOrUpdateReminder(
            KeepAliveReminder, _options.KeepAlivePeriod * (0.5 + (0.5 * Random.Shared.NextDouble())), _options.KeepAlivePeriod);

    private async Task UnregisterKeepAliveAsync()
    {
        var reminder = await this.GetReminder(KeepAliveReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
