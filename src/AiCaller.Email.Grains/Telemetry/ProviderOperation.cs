namespace AiCaller.Email.Grains.Telemetry;

/// <summary>The values of the <c>operation</c> tag: what the mailbox asked its provider to do.</summary>
public static class ProviderOperation
{
    /// <summary>Authorization code for tokens, at the end of a consent.</summary>
    public const string Exchange = "exchange";

    /// <summary>Refresh token for a new access token.</summary>
    public const string Refresh = "refresh";

    /// <summary>Revocation of the grant, at a disconnect.</summary>
    public const string Revoke = "revoke";

    /// <summary>The mailbox's address (Gmail users.getProfile, Graph /me).</summary>
    public const string Profile = "profile";

    public const string Send = "send";

    /// <summary>The search for a keyed send whose outcome was unknown.</summary>
    public const string Lookup = "lookup";

    public const string List = "list";

    public const string Get = "get";
}
