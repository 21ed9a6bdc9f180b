using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// Everything the emulated Microsoft identity platform remembers: the registered app, users, codes, grants and tokens.
/// One lock guards it all, as in <see cref="GoogleIdentityStore"/>.
/// </summary>
public sealed class MicrosoftIdentityStore(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MicrosoftCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MicrosoftGrant> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MicrosoftAccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MicrosoftRefreshToken> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refreshesByUser = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _personalAccounts = new(StringComparer.OrdinalIgnoreCase);
    private OAuthClient _client = MicrosoftDefaults.Client;
    private int _accessTokenLifetime = MicrosoftDefaults.AccessTokenLifetimeSeconds;
    private int _codeExchanges;
    private int _refreshes;

    public void Reset()
    {
        lock (_gate)
        {
            _codes.Clear();
            _grants.Clear();
            _accessTokens.Clear();
            _refreshTokens.Clear();
            _refreshesByUser.Clear();
            _personalAccounts.Clear();
            _client = MicrosoftDefaults.Client;
            _accessTokenLifetime = MicrosoftDefaults.AccessTokenLifetimeSeconds;
            _codeExchanges = _refreshes = 0;
        }
    }

    public OAuthClient? FindClient(string? clientId)
    {
        lock (_gate)
        {
            return string.Equals(_client.ClientId, clientId, StringComparison.OrdinalIgnoreCase) ? _client : null;
        }
    }

    public void SetClientSecret(string secret)
    {
        lock (_gate)
        {
            _client = _client with { ClientSecret = secret };
        }
    }

    public void SetAccessTokenLifetime(int seconds)
    {
        lock (_gate)
        {
            _accessTokenLifetime = seconds;
        }
    }

    public MicrosoftUser User(string email)
    {
        lock (_gate)
        {
            return MicrosoftUser.For(email, _personalAccounts.Contains(email.Trim()));
        }
    }

    /// <summary>Makes the user a personal (MSA) account: consumers tenant, no <c>mail</c>. Tokens issued before keep the old identity.</summary>
    public void SetPersonalAccount(string email, bool personal)
    {
        lock (_gate)
        {
            if (personal)
            {
                _personalAccounts.Add(email.Trim());
            }
            else
            {
                _personalAccounts.Remove(email.Trim());
            }
        }
    }

    public AadError? AuthenticateClient(string? clientId, string? clientSecret, string tenant)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return AadError.MissingParameter("client_id");
        }

        var client = FindClient(clientId);
        if (client is null)
        {
            return AadError.UnknownClient(clientId, tenant);
        }

        if (string.IsNullOrEmpty(clientSecret))
        {
            return AadError.MissingSecret;
        }

        return client.ClientSecret == clientSecret ? null : AadError.WrongSecret(client.ClientId);
    }

    /// <summary>The Graph permissions the user already granted the client, for prompt=none.</summary>
    public IReadOnlyList<string> GrantedPermissions(string email, string clientId)
    {
        lock (_gate)
        {
            return FindLiveGrant(email, clientId)?.Permissions ?? [];
        }
    }

    public string IssueCode(string clientId, string redirectUri, string email, IReadOnlyList<string> scopes, string? codeChallenge,
        string? codeChallengeMethod)
    {
        var code = new MicrosoftCode(MicrosoftJwts.Code(), clientId, redirectUri, email, scopes, codeChallenge, codeChallengeMethod,
            clock.GetUtcNow() + MicrosoftDefaults.CodeLifetime);
        lock (_gate)
        {
            _codes[code.Code] = code;
        }

        return code.Code;
    }

    public MicrosoftTokenOutcome RedeemCode(string code, string clientId, string? redirectUri, string? codeVerifier, IReadOnlyList<string> requested)
    {
        lock (_gate)
        {
            if (!_codes.TryGetValue(code, out var issued) || !string.Equals(issued.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
            {
                return MicrosoftTokenOutcome.Failure(AadError.BadGrant);
            }

            if (issued.Redeemed)
            {
                return MicrosoftTokenOutcome.Failure(AadError.CodeRedeemed, issued.Email);
            }

            if (issued.ExpiresAt <= clock.GetUtcNow())
            {
                return MicrosoftTokenOutcome.Failure(AadError.ExpiredOrRevoked, issued.Email);
            }

            if (issued.RedirectUri != redirectUri)
            {
                return MicrosoftTokenOutcome.Failure(AadError.RedirectMismatch(redirectUri, issued.RedirectUri), issued.Email);
            }

            if (!string.IsNullOrEmpty(issued.CodeChallenge))
            {
                if (string.IsNullOrEmpty(codeVerifier))
                {
                    return MicrosoftTokenOutcome.Failure(AadError.MissingVerifier, issued.Email);
                }

                if (!Pkce.Verify(issued.CodeChallenge, issued.CodeChallengeMethod, codeVerifier))
                {
                    return MicrosoftTokenOutcome.Failure(AadError.WrongVerifier, issued.Email);
                }
            }

            _codes[code] = issued with { Redeemed = true };
            var permissions = GraphScopes.GraphPermissions(issued.Scopes, out _);
            var grant = FindLiveGrant(issued.Email, clientId) is { } live
                ? _grants[live.Id] = live with { Permissions = live.Permissions.Union(permissions).ToArray() }
                : NewGrant(issued.Email, clientId, permissions);

            // The request's own scope decides the form of the answer; the code's decides what was consented to.
            var scopes = requested.Count > 0 ? requested : issued.Scopes;
            var wantsRefreshToken = issued.Scopes.Concat(scopes).Contains(GraphScopes.OfflineAccess, StringComparer.OrdinalIgnoreCase);
            _codeExchanges++;
            return MicrosoftTokenOutcome.Success(Issue(grant, scopes, wantsRefreshToken));
        }
    }

    public MicrosoftTokenOutcome Refresh(string refreshToken, string clientId, IReadOnlyList<string> requested)
    {
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out var issued))
            {
                return MicrosoftTokenOutcome.Failure(AadError.UnreadableRefreshToken);
            }

            if (!string.Equals(issued.ClientId, clientId, StringComparison.OrdinalIgnoreCase))
            {
                return MicrosoftTokenOutcome.Failure(AadError.BadGrant, issued.Email);
            }

            var grant = _grants[issued.GrantId];
            if (grant.Revoked)
            {
                return MicrosoftTokenOutcome.Failure(AadError.ExpiredOrRevoked, issued.Email);
            }

            if (issued.Inactive)
            {
                return MicrosoftTokenOutcome.Failure(AadError.InactiveRefreshToken(issued.Issued), issued.Email);
            }

            if (GraphScopes.GraphPermissions(requested, out _).Except(grant.Permissions).Any())
            {
                return MicrosoftTokenOutcome.Failure(AadError.ConsentRequired(_client.ClientId, _client.AppName), issued.Email);
            }

            _refreshTokens[refreshToken] = issued with { LastUsed = clock.GetUtcNow() };
            _refreshes++;
            _refreshesByUser[issued.Email] = _refreshesByUser.GetValueOrDefault(issued.Email) + 1;
            // Refresh tokens rotate on every use; the one just used keeps working, as Microsoft's do.
            return MicrosoftTokenOutcome.Success(Issue(grant, requested, wantsRefreshToken: true));
        }
    }

    public void RevokeUser(string email)
    {
        lock (_gate)
        {
            foreach (var grant in _grants.Values.Where(g => SameUser(g.Email, email)).ToList())
            {
                _grants[grant.Id] = grant with { Revoked = true };
            }
        }
    }

    public void ExpireAccessTokens(string email)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            foreach (var token in _accessTokens.Values.Where(t => SameUser(t.Email, email) && t.ExpiresAt > now).ToList())
            {
                _accessTokens[token.Token] = token with { ExpiresAt = now };
            }
        }
    }

    /// <summary>Makes the user's refresh tokens as if unused for 90 days: refreshing answers AADSTS700082.</summary>
    public void ExpireRefreshTokens(string email)
    {
        lock (_gate)
        {
            foreach (var token in _refreshTokens.Values.Where(t => SameUser(t.Email, email)).ToList())
            {
                _refreshTokens[token.Token] = token with { Inactive = true };
            }
        }
    }

    /// <summary>Whose refresh token this is, revoked or not; null for a token never issued.</summary>
    public string? RefreshTokenUser(string? token)
    {
        lock (_gate)
        {
            return token is not null && _refreshTokens.TryGetValue(token, out var issued) ? issued.Email : null;
        }
    }

    public AccessTokenLookup LookupAccessToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return AccessTokenLookup.None;
        }

        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(token, out var issued))
            {
                return AccessTokenLookup.Unknown;
            }

            var state = _grants[issued.GrantId].Revoked ? TokenState.Revoked
                : issued.ExpiresAt <= clock.GetUtcNow() ? TokenState.Expired
                : TokenState.Valid;
            return new AccessTokenLookup(state, issued.Email, issued.Permissions);
        }
    }

    /// <summary>Every code and token issued to the user, live or not.</summary>
    public IssuedCredentials IssuedTo(string email)
    {
        lock (_gate)
        {
            return new IssuedCredentials(
                _codes.Values.Where(c => SameUser(c.Email, email)).Select(c => c.Code).ToArray(),
                _accessTokens.Values.Where(t => SameUser(t.Email, email)).Select(t => t.Token).ToArray(),
                _refreshTokens.Values.Where(t => SameUser(t.Email, email)).Select(t => t.Token).ToArray());
        }
    }

    public MicrosoftStats Stats()
    {
        lock (_gate)
        {
            return new MicrosoftStats(_codeExchanges, _refreshes, new Dictionary<string, int>(_refreshesByUser, StringComparer.OrdinalIgnoreCase));
        }
    }

    private MicrosoftTokens Issue(MicrosoftGrant grant, IReadOnlyList<string> requested, bool wantsRefreshToken)
    {
        var now = clock.GetUtcNow();
        var user = MicrosoftUser.For(grant.Email, _personalAccounts.Contains(grant.Email));
        var access = new MicrosoftAccessToken(MicrosoftJwts.AccessToken(user, grant.ClientId, grant.Permissions, now, _accessTokenLifetime),
            grant.Id, grant.Email, grant.Permissions, now.AddSeconds(_accessTokenLifetime));
        _accessTokens[access.Token] = access;

        string? refreshToken = null;
        if (wantsRefreshToken)
        {
            refreshToken = MicrosoftJwts.RefreshToken();
            _refreshTokens[refreshToken] = new MicrosoftRefreshToken(refreshToken, grant.Id, grant.Email, grant.ClientId, now, now);
        }

        return new MicrosoftTokens(user, grant.ClientId, access.Token, _accessTokenLifetime, refreshToken, grant.Permissions, requested);
    }

    private MicrosoftGrant? FindLiveGrant(string email, string clientId) => _grants.Values.FirstOrDefault(g =>
        !g.Revoked && SameUser(g.Email, email) && string.Equals(g.ClientId, clientId, StringComparison.OrdinalIgnoreCase));

    private MicrosoftGrant NewGrant(string email, string clientId, IReadOnlyList<string> permissions)
    {
        var grant = new MicrosoftGrant(Guid.NewGuid().ToString("N"), email, clientId, permissions);
        _grants[grant.Id] = grant;
        return grant;
    }

    private static bool SameUser(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
