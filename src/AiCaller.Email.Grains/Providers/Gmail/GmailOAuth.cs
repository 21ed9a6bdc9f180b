using System.Net;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Google.Apis.Util.Store;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// Google's OAuth2 authorization-code flow with PKCE through Google.Apis.Auth, pointed at the auth and token
/// URIs of the client secrets JSON (Google's by default, the emulator's in tests).
/// </summary>
public sealed class GmailOAuth
{
    public static readonly IReadOnlyList<string> Scopes =
    [
        "https://www.googleapis.com/auth/gmail.send",
        "https://www.googleapis.com/auth/gmail.readonly",
    ];

    // The flow wants a user id for its data store; we keep tokens in the grain, not in a store.
    private const string FlowUserId = "mailbox";

    private readonly PkceGoogleAuthorizationCodeFlow _flow;
    private readonly TimeProvider _clock;

    public GmailOAuth(GmailClientSecrets secrets, string revokeUrl, TimeProvider clock)
    {
        _clock = clock;
        _flow = new PkceGoogleAuthorizationCodeFlow(new EndpointInitializer(secrets.AuthUri, secrets.TokenUri, revokeUrl)
        {
            ClientSecrets = new ClientSecrets { ClientId = secrets.ClientId, ClientSecret = secrets.ClientSecret },
            Scopes = Scopes,
            Prompt = "consent",
            DataStore = new NoTokenStore(),
            // Not the library's recommended policy for Google's token endpoint, which also retries a throttled (429)
            // refresh, three tries within seconds: in a refresh storm that triples the requests to an endpoint already
            // refusing them. The mailbox grain backs a throttled refresh off itself (RefreshSchedule.RetryIn); the
            // library still retries network failures and 503s.
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.Exception | ExponentialBackOffPolicy.UnsuccessfulResponse503,
        });
    }

    public AuthorizationRequest CreateAuthorizationRequest(string redirectUri, string state)
    {
        var request = _flow.CreateAuthorizationCodeRequest(redirectUri, out var codeVerifier);
        request.State = state;
        return new AuthorizationRequest(request.Build().AbsoluteUri, codeVerifier);
    }

    public Task<TokenSet> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken) =>
        GrantAsync(async () => ToTokenSet(
            await _flow.ExchangeCodeForTokenAsync(FlowUserId, code, codeVerifier, redirectUri, cancellationToken), previous: null));

    public Task<TokenSet> RefreshAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        var refreshToken = tokens.RefreshToken
            ?? throw new TokenGrantException(TokenGrantFailure.InvalidGrant, "No refresh token is stored for this mailbox");
        return GrantAsync(async () => ToTokenSet(
            await _flow.RefreshTokenAsync(FlowUserId, refreshToken, cancellationToken), previous: tokens));
    }

    public Task RevokeAsync(TokenSet tokens, CancellationToken cancellationToken) =>
        GrantAsync(async () =>
        {
            await _flow.RevokeTokenAsync(FlowUserId, tokens.RefreshToken ?? tokens.AccessToken, cancellationToken);
            return tokens;
        });

    private TokenSet ToTokenSet(TokenResponse response, TokenSet? previous)
    {
        // Stamped by the mailbox clock, not the library's, so that expiry is judged on one clock.
        var issuedAt = _clock.GetUtcNow();

        var scopes = response.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? previous?.Scopes.ToArray() ?? [];
        return new TokenSet(
            response.AccessToken,
            response.RefreshToken ?? previous?.RefreshToken,
            issuedAt,
            issuedAt.AddSeconds(response.ExpiresInSeconds ?? 3600),
            scopes);
    }

    private static async Task<T> GrantAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (TokenResponseException e)
        {
            var error = e.Error?.Error ?? "unknown_error";
            var message = string.IsNullOrEmpty(e.Error?.ErrorDescription) ? error : $"{error}: {e.Error.ErrorDescription}";
            var failure = error switch
            {
                "invalid_grant" => TokenGrantFailure.InvalidGrant,
                "invalid_client" or "unauthorized_client" => TokenGrantFailure.InvalidClient,
                _ when e.StatusCode == HttpStatusCode.TooManyRequests => TokenGrantFailure.RateLimited,
                _ when e.StatusCode is null || (int)e.StatusCode >= 500 => TokenGrantFailure.Transient,
                _ => TokenGrantFailure.Rejected,
            };
            throw new TokenGrantException(failure, message, inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new TokenGrantException(TokenGrantFailure.Transient, $"Google's token endpoint could not be reached: {e.Message}", inner: e);
        }
        catch (TaskCanceledException e)
        {
            throw new TokenGrantException(TokenGrantFailure.Transient, "Google's token endpoint timed out", inner: e);
        }
    }

    /// <summary>Google's initializer keeps the endpoint constructor protected; this opens it.</summary>
    private sealed class EndpointInitializer(string authUri, string tokenUri, string revokeUri)
        : GoogleAuthorizationCodeFlow.Initializer(authUri, tokenUri, revokeUri);

    private sealed class NoTokenStore : IDataStore
    {
        public Task StoreAsync<T>(string key, T value) => Task.CompletedTask;

        public Task DeleteAsync<T>(string key) => Task.CompletedTask;

        public Task<T> GetAsync<T>(string key) => Task.FromResult(default(T)!);

        public Task ClearAsync() => Task.CompletedTask;
    }
}
