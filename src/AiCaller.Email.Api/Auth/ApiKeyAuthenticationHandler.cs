using System.Buffers.Text;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c> and names the caller's tenant.
/// With no keys configured (loopback only, checked at start) every request is tenant <c>default</c>.
/// Under <see cref="BasicSchemeName"/> the key is also taken as the password of HTTP Basic authentication, for
/// pages a browser navigates to (the dashboard), which cannot carry a header a script would add.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry keys)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string BasicSchemeName = "ApiKeyOrBasic";
    public const string BasicRealm = "AiCaller.Email dashboard";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
        {
            return Task.FromResult(Success(MailboxKey.DefaultTenant));
        }

        var presented = PresentedKey();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.TryGetTenant(presented, out var tenant)
            ? Success(tenant)
            : AuthenticateResult.Fail("The API key is not valid."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // A Basic challenge makes a browser ask for the user name and password.
        Response.Headers.WWWAuthenticate = Options.AcceptBasic ? $"Basic realm=\"{BasicRealm}\"" : "Bearer";
        var detail = PresentedKey() is not null
            ? "The API key is not valid"
            : Options.AcceptBasic
                ? "An API key is required: give it as the password when the browser asks (any user name), or send 'Authorization: Bearer <key>'"
                : "An API key is required: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'";
        await ProblemResponses.For(ProblemCode.Unauthorized, detail).ExecuteAsync(Context);
    }

    private string? PresentedKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        if (Options.AcceptBasic && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return BasicPassword(authorization["Basic ".Length..].Trim());
        }

        var apiKey = Request.Headers["X-Api-Key"].ToString();
        return string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
    }

    // "user:password" in base64 (RFC 7617); the user name is ignored. Credentials that do not decode are presented but
    // wrong: an empty key, which no tenant has.
    private static string BasicPassword(string credentials)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(credentials.Length)];
        if (!Convert.TryFromBase64String(credentials, bytes, out var length))
        {
            return string.Empty;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':');
        return colon < 0 ? string.Empty : text[(colon + 1)..];
    }

    private AuthenticateResult Success(string tenant)
    {
        var identity = new ClaimsIdentity([new Claim(TenantClaims.Tenant, tenant)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Also take the key as the password of HTTP Basic authentication, and challenge with Basic.</summary>
    public bool AcceptBasic { get; set; }
}
