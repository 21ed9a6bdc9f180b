using AiCaller.Email.ProviderEmulator.Control;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>
/// Everything the emulated Google identity platform remembers: the registered client, codes, grants and tokens.
/// One lock guards it all; the emulator's traffic is small and correctness under concurrency is what tests rely on.
/// </summary>
public sealed class GoogleIdentityStore(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedAccessToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedRefreshToken> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refreshesByUser = new(StringComparer.OrdinalIgnoreCase);
    private OAuthClient _client = GoogleDefaults.Client;
    private int _accessTokenLifetime = GoogleDefaults.AccessTokenLifetimeSeconds;
    private int _codeExchanges;
    private int _refreshes;
    private int _revocations;

    public void Reset()
    {
        lock (_gate)
        {
            _codes.Clear();
            _grants.Clear();
            _accessTokens.Clear();
            _refreshTokens.Clear();
            _refreshesByUser.Clear();
            _client = GoogleDefaults.Client;
            _accessTokenLifetime = GoogleDefaults.AccessTokenLifetimeSeconds;
            _codeExchanges = _refreshes = _revocations = 0;
        }
    }

    public OAuthClient? FindClient(string? clientId)
    {
        lock (_gate)
        {
            return _client.ClientId == clientId ? _client : null;
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

    public OAuthError? AuthenticateClient(string? clientId, string? clientSecret)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return OAuthError.InvalidRequest("Could not determine client ID from request.");
        }

        var client = FindClient(clientId);
        if (client is null)
        {
            return OAuthError.UnknownClient;
        }

        if (string.IsNullOrEmpty(clientSecret))
        {
            return OAuthError.InvalidRequest("client_secret is missing.");
        }

        return client.ClientSecret == clientSecret ? null : OAuthError.WrongSecret;
    }

    /// <summary>Scopes the user already granted this client, for include_granted_scopes.</summary>
    public IReadOnlyList<string> GrantedScopes(string email, string clientId)
    {
        lock (_gate)
        {
            var liveGrants = _grants.Values.Where(g => !g.Revoked && SameUser(g.Email, email) && g.ClientId == clientId)
                .Select(g => g.Id).ToHashSet();
            return _refreshTokens.Values.Where(t => liveGrants.Contains(t.GrantId)).SelectMany(t => t.Scopes)
                .Concat(_accessTokens.Values.Where(t => liveGrants.Contains(t.GrantId)).SelectMany(t => t.Scopes))
                .Distinct(StringComparer.Ordinal).ToArray();
        }
    }

    public bool HasLiveGrant(string email, string clientId)
    {
        lock (_gate)
        {
            return FindLiveGrant(email, clientId) is not null;
        }
    }

    public string IssueCode(string clientId, string redirectUri, string email, IReadOnlyList<string> scopes, bool offline,
        bool forcedConsent, string? codeChallenge, string? codeChallengeMethod)
    {
        var code = new AuthorizationCode(RandomTokens.Code(), clientId, redirectUri, email, scopes, offline, forcedConsent,
            codeChallenge, codeChallengeMethod, clock.GetUtcNow() + GoogleDefaults.CodeLifetime);
        lock (_gate)
        {
            _codes[code.Code] = code;
        }

        return code.Code;
    }

    public TokenOutcome RedeemCode(string code, string clientId, string? redirectUri, string? codeVerifier)
    {
        lock (_gate)
        {
            if (!_codes.TryGetValue(code, out var issued) || issued.Redeemed || issued.ClientId != clientId
                || issued.ExpiresAt <= clock.GetUtcNow())
            {
                return TokenOutcome.Failure(OAuthError.BadCode, issued?.Email);
            }

            if (issued.RedirectUri != redirectUri)
            {
                return TokenOutcome.Failure(OAuthError.RedirectUriMismatch, issued.Email);
            }

            if (!string.IsNullOrEmpty(issued.CodeChallenge))
            {
                if (string.IsNullOrEmpty(codeVerifier))
                {
                    return TokenOutcome.Failure(OAuthError.InvalidGrant("Missing code verifier."), issued.Email);
                }

                if (!Pkce.Verify(issued.CodeChallenge, issued.CodeChallengeMethod, codeVerifier))
                {
                    return TokenOutcome.Failure(OAuthError.InvalidGrant("Invalid code verifier."), issued.Email);
                }
            }

            _codes[code] = issued with { Redeemed = true };
            var grant = FindLiveGrant(issued.Email, clientId) ?? NewGrant(issued.Email, clientId);

            // Google returns a refresh token on the first offline authorization only, or again when consent was forced.
            var wantsRefreshToken = issued.Offline
                && (issued.ForcedConsent || !_refreshTokens.Values.Any(t => t.GrantId == grant.Id));
            string? refreshToken = null;
            if (wantsRefreshToken)
            {
                refreshToken = RandomTokens.RefreshToken();
                _refreshTokens[refreshToken] = new IssuedRefreshToken(refreshToken, grant.Id, issued.Email, clientId, issued.Scopes);
            }

            _codeExchanges++;
            return TokenOutcome.Success(IssueAccessToken(grant, issued.Scopes, refreshToken));
        }
    }

    public TokenOutcome Refresh(string refreshToken, string clientId)
    {
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out var issued))
            {
                return TokenOutcome.Failure(OAuthError.RevokedRefreshToken);
            }

            if (issued.ClientId != clientId)
            {
                return TokenOutcome.Failure(OAuthError.UnauthorizedClient, issued.Email);
            }

            var grant = _grants[issued.GrantId];
            if (grant.Revoked)
            {
                return TokenOutcome.Failure(OAuthError.RevokedRefreshToken, issued.Email);
            }

            _refreshes++;
            _refreshesByUser[issued.Email] = _refreshesByUser.GetValueOrDefault(issued.Email) + 1;
            return TokenOutcome.Success(IssueAccessToken(grant, issued.Scopes, refreshToken: null));
        }
    }

    /// <summary>Revokes the grant behind an access or refresh token; returns the user on success.</summary>
    public bool Revoke(string token, out string? email)
    {
        lock (_gate)
        {
            email = null;
            string? grantId = null;
            if (_refreshTokens.TryGetValue(token, out var refresh))
            {
                grantId = refresh.GrantId;
            }
            else if (_accessTokens.TryGetValue(token, out var access) && access.ExpiresAt > clock.GetUtcNow())
            {
                grantId = access.GrantId;
            }

            if (grantId is null || _grants[grantId].Revoked)
            {
                return false;
            }

            var grant = _grants[grantId];
            _grants[grantId] = grant with { Revoked = true };
            _revocations++;
            email = grant.Email;
            return true;
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
            return new AccessTokenLookup(state, issued.Email, issued.Scopes);
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

    public GoogleStats Stats()
    {
        lock (_gate)
        {
            return new GoogleStats(_codeExchanges, _refreshes, _revocations,
                new Dictionary<string, int>(_refreshesByUser, StringComparer.OrdinalIgnoreCase));
        }
    }

    private IssuedTokens IssueAccessToken(Grant grant, IReadOnlyList<string> scopes, string? refreshToken)
    {
        var token = new IssuedAccessToken(RandomTokens.AccessToken(), grant.Id, grant.Email, scopes,
            clock.GetUtcNow().AddSeconds(_accessTokenLifetime));
        _accessTokens[token.Token] = token;
        return new IssuedTokens(grant.Email, token.Token, _accessTokenLifetime, refreshToken, scopes, grant.ClientId);
    }

    private Grant? FindLiveGrant(string email, string clientId) =>
        _grants.Values.FirstOrDefault(g => !g.Revoked && SameUser(g.Email, email) && g.ClientId == clientId);

    private Grant NewGrant(string email, string clientId)
    {
        var grant = new Grant(Guid.NewGuid().ToString("N"), email, clientId);
        _grants[grant.Id] = grant;
        return grant;
    }

    private static bool SameUser(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
