using System.Security.Claims;

namespace AiCaller.Email.Api.Auth;

public static class TenantClaims
{
    public const string Tenant = "aicaller:tenant";

    /// <summary>The authenticated caller's tenant; endpoints behind RequireAuthorization always have one.</summary>
    public static string TenantOf(ClaimsPrincipal user) =>
        user.FindFirstValue(Tenant) ?? throw new InvalidOperationException("The request has no tenant.");
}
