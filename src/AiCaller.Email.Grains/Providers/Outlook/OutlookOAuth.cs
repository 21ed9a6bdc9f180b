using System.Net;
using AiCaller.Email.Grains.Providers.Http;
using Microsoft.Identity.Client;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// Microsoft identity through MSAL.NET: a confidential client per operation, with the mailbox's own token
/// cache, authorization code with PKCE, and silent (forced) refresh from the cached refresh token.
/// </summary>
public sealed class OutlookOAuth
{
    private static readonly string[] MinimumScopes = ["Mail.Send", "Mail.Read", "User.Read"];

    private readonly OutlookClientSecrets _secrets;
    private readonly AuthorityHostRedirect _authorityHost;
    private readonly TimeProvider _clock;

    public OutlookOAuth(OutlookClientSecrets secrets, OutlookOptions options, TimeProvider clock)
    {
        _secrets = secrets;
        _clock = clock;
        _authorityHost = new AuthorityHostRedirect(options.AuthorityHost);
        var extra = (options.ExtraScopes ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Scopes = MinimumScopes.Concat(extra).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>What is asked for; MSAL adds offline_access, openid and profile itself.</summary>
    public IReadOnlyList<string> Scopes { get; }

    public bool CanCreateMessages => Scopes.Any(s => s.EndsWith("Mail.ReadWrite", StringComparison.OrdinalIgnoreCase));

    public async Task<AuthorizationRequest> CreateAuthorizationRequestAsync(string redirectUri, string state, CancellationToken cancellationToken)
    {
        var app = Build(redirectUri, cache: null);
        var verifier = string.Empty;
        var url = await GrantAsync(() => app.GetAuthorizationRequestUrl(Scopes)
            .WithPkce(out verifier)
            .WithExtraQueryParameters(new Dictionary<string, (string, bool)> { ["state"] = (state, false) })
            .ExecuteAsync(cancellationToken));
        return new AuthorizationRequest(_authorityHost.Rewrite(url).AbsoluteUri, verifier);
    }

    public async Task<TokenSet> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken)
    {
        var cache = new MsalMailboxCache(null);
        var app = Build(redirectUri, cache);
        var result = await GrantAsync(() => app.AcquireTokenByAuthorizationCode(Scopes, code)
            .WithPkceCodeVerifier(codeVerifier)
            .ExecuteAsync(cancellationToken));
        return ToTokenSet(result, cache);
    }

    public async Task<TokenSet> RefreshAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        var cache = new MsalMailboxCache(tokens.ProviderCache);
        var app = Build(redirectUri: null, cache);
        var account = tokens.ProviderAccountId is null ? null : await app.GetAccountAsync(tokens.ProviderAccountId);
        if (account is null)
        {
            throw new TokenGrantException(TokenGrantFailure.InvalidGrant, "The mailbox's Microsoft account is not in its token cache");
        }

        var result = await GrantAsync(() => app.AcquireTokenSilent(Scopes, account).WithForceRefresh(true).ExecuteAsync(cancellationToken));
        return ToTokenSet(result, cache);
    }

    /// <summary>Imports a refresh token obtained elsewhere (the seed's token file) into a new mailbox cache.</summary>
    public async Task<TokenSet> ImportRefreshTokenAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var cache = new MsalMailboxCache(null);
        var app = Build(redirectUri: null, cache);
        var result = await GrantAsync(() => ((IByRefreshToken)app).AcquireTokenByRefreshToken(Scopes, refreshToken).ExecuteAsync(cancellationToken));
        return ToTokenSet(result, cache);
    }

    /// <summary>Imports a serialized MSAL cache (the seed's token file, when the seed kept MSAL's cache).</summary>
    public async Task<TokenSet> ImportCacheAsync(byte[] msalCache, CancellationToken cancellationToken)
    {
        var cache = new MsalMailboxCache(Convert.ToBase64String(msalCache));
        var app = Build(redirectUri: null, cache);
        var account = MsalMailboxCache.HomeAccountIdOf(msalCache) is { } id ? await app.GetAccountAsync(id) : null;
        if (account is null)
        {
            throw new TokenGrantException(TokenGrantFailure.InvalidGrant, "The token file holds no account");
        }

        var result = await GrantAsync(() => app.AcquireTokenSilent(Scopes, account).WithForceRefresh(true).ExecuteAsync(cancellationToken));
        return ToTokenSet(result, cache);
    }

    private IConfidentialClientApplication Build(string? redirectUri, MsalMailboxCache? cache)
    {
        var builder = ConfidentialClientApplicationBuilder.Create(_secrets.ClientId)
            .WithClientSecret(_secrets.ClientSecret)
            .WithAuthority($"{OutlookOptions.DefaultAuthorityHost}/{_secrets.Tenant}")
            .WithHttpClientFactory(_authorityHost);
        if (redirectUri is not null)
        {
            builder = builder.WithRedirectUri(redirectUri);
        }

        var app = builder.Build();
        cache?.Bind(app.UserTokenCache);
        return app;
    }

    private TokenSet ToTokenSet(AuthenticationResult result, MsalMailboxCache cache)
    {
        // Expiry on the mailbox clock: the lifetime MSAL reports, counted from now.
        var now = _clock.GetUtcNow();
        var lifetime = result.ExpiresOn - DateTimeOffset.UtcNow;
        return new TokenSet(
            result.AccessToken,
            RefreshToken: null,
            now,
            now + lifetime,
            result.Scopes.ToArray(),
            cache.Serialized,
            result.Account?.HomeAccountId?.Identifier);
    }

    private static async Task<T> GrantAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (MsalUiRequiredException e)
        {
            throw new TokenGrantException(TokenGrantFailure.InvalidGrant, $"{e.ErrorCode}: {FirstLine(e.Message)}", inner: e);
        }
        catch (MsalServiceException e)
        {
            var failure = e switch
            {
                { ErrorCode: "invalid_grant" } => TokenGrantFailure.InvalidGrant,
                { ErrorCode: "invalid_client" or "unauthorized_client" } => TokenGrantFailure.InvalidClient,
                MsalThrottledServiceException or { StatusCode: (int)HttpStatusCode.TooManyRequests } => TokenGrantFailure.RateLimited,
                { StatusCode: >= 500 } or { ErrorCode: "service_not_available" or "request_timeout" } => TokenGrantFailure.Transient,
                _ => TokenGrantFailure.Rejected,
            };
            var retryAfter = RetryAfter.Of(e.Headers?.RetryAfter, DateTimeOffset.UtcNow) is { } wait ? RetryAfter.Seconds(wait) : (int?)null;
            throw new TokenGrantException(failure, $"{e.ErrorCode}: {FirstLine(e.Message)}", retryAfter, e);
        }
        catch (MsalClientException e) when (e.InnerException is HttpRequestException or TaskCanceledException || e.ErrorCode is "request_timeout")
        {
            throw new TokenGrantException(TokenGrantFailure.Transient, $"Microsoft's token endpoint could not be reached: {e.Message}", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new TokenGrantException(TokenGrantFailure.Transient, $"Microsoft's token endpoint could not be reached: {e.Message}", inner: e);
        }
    }

    // AADSTS descriptions carry trace and correlation ids on further lines; the first line says what happened.
    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
