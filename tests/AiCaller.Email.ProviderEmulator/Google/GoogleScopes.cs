namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>The Gmail scopes each kind of call accepts, as listed in Gmail's discovery document.</summary>
public static class GoogleScopes
{
    public const string FullMail = "https://mail.google.com/";
    public const string Send = "https://www.googleapis.com/auth/gmail.send";
    public const string Compose = "https://www.googleapis.com/auth/gmail.compose";
    public const string Modify = "https://www.googleapis.com/auth/gmail.modify";
    public const string ReadOnly = "https://www.googleapis.com/auth/gmail.readonly";
    public const string Metadata = "https://www.googleapis.com/auth/gmail.metadata";

    public static readonly IReadOnlyList<string> ForSend = [Send, Compose, Modify, FullMail];
    public static readonly IReadOnlyList<string> ForRead = [ReadOnly, Modify, FullMail];
    public static readonly IReadOnlyList<string> ForMetadataRead = [ReadOnly, Modify, FullMail, Metadata];
    public static readonly IReadOnlyList<string> ForProfile = [ReadOnly, Modify, FullMail, Metadata, Compose];

    private static readonly string[] IdentityScopes = ["openid", "email", "profile"];

    public static IReadOnlyList<string> Parse(string? scope) =>
        (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);

    public static bool WantsIdToken(IEnumerable<string> scopes) =>
        scopes.Any(s => IdentityScopes.Contains(s) || s.EndsWith("/userinfo.email", StringComparison.Ordinal));

    public static bool AnyOf(IReadOnlyCollection<string> granted, IReadOnlyList<string> accepted) =>
        accepted.Any(granted.Contains);
}
