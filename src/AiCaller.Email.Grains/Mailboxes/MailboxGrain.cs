using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// One mailbox of one provider and tenant. Reentrant, so that a slow provider call does not block status
/// reads or other calls; the concurrency gate, not the grain's turn, bounds what reaches the provider.
/// This file: activation, status, connect and disconnect. Connect links, mail calls and tokens live in the partial files.
/// </summary>
[GrainType("mailbox")]
[Reentrant]
public sealed partial class MailboxGrain(
    [PersistentState("mailbox", StorageNames.Default)] IPersistentState<MailboxState> state,
    MailProviderCatalog providers,
    MailboxDirectory directory,
    SendRecordStore sendRecords,
    OAuthStateCodec stateCodec,
    ConnectLinkCodec linkCodec,
    IOptions<MailboxOptions> options,
    [FromKeyedServices(MailboxClock.ServiceKey)] TimeProvider clock,
    ILogger<MailboxGrain> logger) : Grain, IMailboxGrain, IRemindable
{
    private const int MaxPendingConnects = 5;

    /// <summary>How long the activation of an account that stores nothing stays for more calls before it goes.</summary>
    private static readonly TimeSpan UnstoredLinger = TimeSpan.FromSeconds(10);

    private readonly MailboxOptions _options = options.Value;
    private readonly SemaphoreSlim _stateWrite = new(1, 1);
    private MailboxKey _key = null!;
    private SemaphoreSlim _providerGate = null!;
    private SendLedger _sends = null!;
    private IGrainTimer? _retireTimer;

    private MailboxState State => state.State;

    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = MailboxKey.ParseGrainKey(this.GetPrimaryKeyString());
        using var logScope = BeginLogScope();
        _providerGate = new SemaphoreSlim(_options.MaxConcurrentProviderCalls, _options.MaxConcurrentProviderCalls);
        _sends = new SendLedger(_key, sendRecords, _options, clock);

        if (State.Unreadable)
        {
            // Kept as it is stored until a successful connect replaces it (or a DELETE removes it): the keys may come back.
            State.Status = MailboxStatusKind.Error;
            State.LastError = StateUnreadable.Error(Now);
            State.Listed = true;
            logger.LogWarning("The stored state of mailbox {Mailbox} cannot be decrypted: the encryption keys changed", _key);
            await ReportStatusAsync();
            return;
        }

        // The seed's single token file belongs to the seed's single mailbox: the default account of the default tenant.
        if (_key.Account == MailboxKey.DefaultAccount && _key.Tenant == MailboxKey.DefaultTenant && State.Tokens is null && !State.SeedTokenImported)
        {
            await ImportSeedTokenAsync(cancellationToken);
        }

        if (State.Tokens is not null)
        {
            ScheduleRefreshTimer(State.Tokens);
        }
    }

    public Task<MailboxStatus> GetStatusAsync()
    {
        if (!state.RecordExists)
        {
            // Asked about an account nobody started: nothing is stored, and the activation need not linger either.
            RetireSoonIfUnstored();
        }

        return Task.FromResult(CurrentStatus());
    }

    /// <summary>
    /// Deactivates an activation that stores nothing, shortly rather than at once: calls queued behind a deactivation
    /// are forwarded to a new activation, and a burst of them, each new activation deactivating again, would be
    /// forwarded past Orleans' limit and refused.
    /// </summary>
    private void RetireSoonIfUnstored()
    {
        _retireTimer ??= this.RegisterGrainTimer(() =>
        {
            _retireTimer?.Dispose();
            _retireTimer = null;
            if (!state.RecordExists)
            {
                DeactivateOnIdle();
            }

            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(UnstoredLinger, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    public async Task<ConnectStart> StartConnectAsync(string redirectUri, string? returnUrl)
    {
        var provider = ConfiguredProvider();
        var nonce = OAuthStateCodec.NewNonce();
        var expiresAt = Now + _options.ConnectStateLifetime;
        AuthorizationRequest request;
        try
        {
            request = await provider.CreateAuthorizationRequestAsync(redirectUri, stateCodec.Protect(_key, nonce, expiresAt), CancellationToken.None);
        }
        catch (TokenGrantException e)
        {
            throw ProblemOf(e);
        }

        State.PendingConnects.RemoveAll(p => p.ExpiresAt <= Now);
        if (State.PendingConnects.Count >= MaxPendingConnects)
        {
            State.PendingConnects.RemoveAt(0);
        }

        await EnsureListedAsync();
        State.PendingConnects.Add(new PendingConnect(nonce, request.CodeVerifier, redirectUri, expiresAt, returnUrl));
        await WriteStateAsync();
        return new ConnectStart(request.Url, expiresAt);
    }

    public async Task<ConnectOutcome> CompleteConnectAsync(string nonce, string code)
    {
        var pending = await SpendPendingConnectAsync(nonce);
        try
        {
            if (pending.ExpiresAt <= Now)
            {
                throw new MailboxProblemException(ProblemCode.InvalidRequest, "The OAuth state has expired; start the connection again");
            }

            var provider = ConfiguredProvider();
            TokenSet tokens;
            try
            {
                tokens = await provider.ExchangeCodeAsync(code, pending.CodeVerifier, pending.RedirectUri, CancellationToken.None);
            }
            catch (TokenGrantException e)
            {
                // A failed consent leaves an existing connection of this mailbox as it was.
                throw ProblemOf(e);
            }

            var email = await provider.GetMailboxAddressAsync(new GrainSession(this, exchanged: tokens), CancellationToken.None);
            await StoreConnectedAsync(tokens, email);
            logger.LogInformation("Mailbox {Mailbox} connected", _key);
            return new ConnectOutcome(new ConnectResult(_key.Provider, _key.Account, email), null, pending.ReturnUrl);
        }
        catch (MailboxProblemException problem)
        {
            // The browser that began the flow is still told, on the page it came from.
            return new ConnectOutcome(null, ConnectFailure.From(problem), pending.ReturnUrl);
        }
    }

    public async Task<string?> AbandonConnectAsync(string nonce) => (await SpendPendingConnectAsync(nonce)).ReturnUrl;

    public async Task DisconnectAsync()
    {
        var tokens = State.Tokens;
        var stored = state.RecordExists;
        var seedImported = State.SeedTokenImported;
        StopRefreshTimer();

        // Forgotten in memory first: a turn that interleaves from here on (a refresh, a report) sees a mailbox that is
        // neither connected nor listed, and writes neither its state nor its directory row.
        state.State = new MailboxState { SeedTokenImported = seedImported };
        // Without the app's credentials nothing can be revoked; the local tokens are deleted all the same.
        if (tokens is not null && providers.ConfigurationOf(_key.Provider).IsConfigured)
        {
            try
            {
                await providers.Get(_key.Provider).RevokeAsync(tokens, CancellationToken.None);
            }
            catch (Exception e) when (e is TokenGrantException or HttpRequestException or MailboxProblemException)
            {
                // The grant may already be gone at the provider; the local tokens are deleted all the same.
                logger.LogWarning("Revoking the grant of mailbox {Mailbox} failed: {Reason}", _key, e.Message);
            }
        }

        await UnregisterKeepAliveAsync();

        // Also when nothing is stored: a host that died between listing a mailbox and storing its state left a row.
        await directory.RemoveAsync(_key);
        if (seedImported)
        {
            // The one thing the default mailbox must remember: the seed's token file is not imported again.
            await WriteStateAsync();
        }
        else if (stored)
        {
            await _stateWrite.WaitAsync();
            try
            {
                await state.ClearStateAsync();
            }
            finally
            {
                _stateWrite.Release();
            }
        }

        if (stored)
        {
            logger.LogInformation("Mailbox {Mailbox} disconnected and deleted", _key);
        }

        RetireSoonIfUnstored();
    }

    public async Task<MailboxStatus> CheckTokenAsync()
    {
        if (State.Tokens is not null)
        {
            await RefreshOnceAsync(ConfiguredProvider());
        }

        return CurrentStatus();
    }

    /// <summary>Single use: the consent of <paramref name="nonce"/> is spent before anything is done with it, whatever the outcome.</summary>
    private async Task<PendingConnect> SpendPendingConnectAsync(string nonce)
    {
        var pending = State.PendingConnects.Find(p => CryptographicEquals(p.Nonce, nonce))
            ?? throw new MailboxProblemException(ProblemCode.InvalidRequest, "The OAuth state was already used or is unknown; start the connection again");
        State.PendingConnects.Remove(pending);
        await WriteStateAsync();
        return pending;
    }

    /// <summary>A mailbox is listed in its tenant's directory from its first connect or link on, while the tenant has room.</summary>
    private async Task EnsureListedAsync()
    {
        if (State.Listed)
        {
            return;
        }

        if (!await directory.TryAddAsync(_key, _options.MaxMailboxesPerTenant, Now))
        {
            throw new MailboxProblemException(ProblemCode.LimitReached,
                $"Tenant '{_key.Tenant}' already has {_options.MaxMailboxesPerTenant} mailboxes (MAX_MAILBOXES_PER_TENANT); delete one first");
        }

        State.Listed = true;
    }

    private MailboxStatus CurrentStatus()
    {
        var status = providers.ConfigurationOf(_key.Provider).StatusOf(State.Status);
        return new MailboxStatus(
            _key.Provider,
            _key.Account,
            status,
            State.Email,
            State.Tokens?.Scopes ?? [],
            State.Tokens?.ExpiresAt,
            State.LastRefreshedAt,
            State.LastError);
    }

    private IMailProvider ConfiguredProvider() => providers.GetConfigured(_key.Provider);

    private async Task StoreConnectedAsync(TokenSet tokens, string email)
    {
        // A successful connect is what replaces a state the keys could no longer read.
        State.Unreadable = false;
        State.Tokens = tokens;
        State.Email = email;
        State.Status = MailboxStatusKind.Connected;
        State.LastError = null;
        State.LastRefreshedAt = Now;
        State.Listed = true;
        await WriteStateAsync();
        await ReportStatusAsync();
        await RegisterKeepAliveAsync();
        ScheduleRefreshTimer(tokens);
    }

    private async Task ImportSeedTokenAsync(CancellationToken cancellationToken)
    {
        if (!providers.ConfigurationOf(_key.Provider).IsConfigured)
        {
            return;
        }

        var provider = providers.Get(_key.Provider);

        try
        {
            if (await provider.ReadSeedTokenAsync(cancellationToken) is not { } tokens)
            {
                return;
            }

            State.SeedTokenImported = true;
            State.Tokens = tokens;

            // The seed's file has no address: ask the provider, refreshing first if the imported token is stale.
            var email = await provider.GetMailboxAddressAsync(new GrainSession(this), cancellationToken);
            await StoreConnectedAsync(State.Tokens ?? tokens, email);
            logger.LogInformation("Imported the seed token file into mailbox {Mailbox}", _key);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            logger.LogWarning("The seed token file of {Provider} could not be read: {Reason}", _key.Provider, e.Message);
        }
        catch (Exception e) when (e is MailboxProblemException or TokenGrantException or HttpRequestException)
        {
            State.SeedTokenImported = true;
            State.Tokens = null;
            State.Status = MailboxStatusKind.Disconnected;
            State.LastError = new MailboxError(ProblemCode.TokenInvalid.ToSlug(), $"The seed token file could not be used: {e.Message}", Now);
            State.Listed = true;
            await WriteStateAsync();
            await ReportStatusAsync();
            logger.LogWarning("The seed token file of {Provider} is not usable: {Reason}", _key.Provider, e.Message);
        }
    }

    private async Task WriteStateAsync()
    {
        if (State.Unreadable)
        {
            // Only a successful connect (which clears the flag) may replace what the old keys encrypted.
            return;
        }

        // Reentrant turns may write at once; storage ETags require one write at a time.
        await _stateWrite.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _stateWrite.Release();
        }
    }

    private Task ReportStatusAsync()
    {
        if (!State.Listed)
        {
            return Task.CompletedTask;
        }

        return directory.UpsertAsync(_key, State.Status, State.Email, State.LastError, Now, State.LastRefreshedAt);
    }

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
