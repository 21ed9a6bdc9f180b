namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// Scopes as the v2 endpoint takes them: Graph permissions short (<c>Mail.Send</c>) or as URIs
/// (<c>https://graph.microsoft.com/Mail.Send</c>), plus the OpenID Connect scopes that are not Graph permissions.
/// Grants keep the short canonical names; responses write them back in the form the client asked in.
/// </summary>
public static class GraphScopes
{
    public const string Resource = "https://graph.microsoft.com/";
    public const string MailRead = "Mail.Read";
    public const string MailReadWrite = "Mail.ReadWrite";
    public const string MailSend = "Mail.Send";
    public const string UserRead = "User.Read";
    public const string OfflineAccess = "offline_access";
    public const string OpenId = "openid";

    /// <summary>Delegated Graph permissions the emulated app may ask for; <c>.default</c> means all of them.</summary>
    public static readonly IReadOnlyList<string> Known =
        [MailRead, MailReadWrite, MailSend, "Mail.ReadBasic", "Mail.Read.Shared", "Mail.Send.Shared", UserRead, "User.ReadBasic.All"];

    public static readonly IReadOnlyList<string> ForRead = [MailRead, MailReadWrite];
    public static readonly IReadOnlyList<string> ForWrite = [MailReadWrite];
    public static readonly IReadOnlyList<string> ForSend = [MailSend];
    public static readonly IReadOnlyList<string> ForProfile = [UserRead, "User.ReadBasic.All"];

    /// <summary>OpenID Connect scopes, in the order Microsoft lists them back.</summary>
    private static readonly string[] Oidc = ["profile", OpenId, "email", OfflineAccess];

    public static IReadOnlyList<string> Parse(string? scope) =>
        (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    public static bool IsOidc(string scope) => Oidc.Contains(scope, StringComparer.OrdinalIgnoreCase);

    /// <summary>The Graph permissions named by a scope list, short and canonical; null names the first scope that is not one.</summary>
    public static IReadOnlyList<string> GraphPermissions(IEnumerable<string> scopes, out string? invalid)
    {
        invalid = null;
        var result = new List<string>();
        foreach (var scope in scopes)
        {
            if (IsOidc(scope))
            {
                continue;
            }

            var name = scope.StartsWith(Resource, StringComparison.OrdinalIgnoreCase) ? scope[Resource.Length..] : scope;
            if (name.Equals(".default", StringComparison.OrdinalIgnoreCase))
            {
                result.AddRange(Known);
                continue;
            }

            var known = Known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (known is null || name.Contains('/'))
            {
                invalid ??= scope;
                continue;
            }

            result.Add(known);
        }

        return result.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>True when the client named Graph permissions by URI, so the answer names them that way too.</summary>
    public static bool UsesUris(IEnumerable<string> scopes) => scopes.Any(s => s.StartsWith(Resource, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The <c>scope</c> of a token response: every permission the user consented to for Graph (Microsoft lists
    /// already-consented ones too), then the OpenID Connect scopes that were asked for.
    /// </summary>
    public static string Format(IEnumerable<string> granted, IReadOnlyList<string> requested)
    {
        var uris = UsesUris(requested);
        var graph = granted.Select(g => uris ? Resource + g : g);
        var oidc = Oidc.Where(o => requested.Contains(o, StringComparer.OrdinalIgnoreCase));
        return string.Join(' ', graph.Concat(oidc));
    }

    public static bool AnyOf(IReadOnlyCollection<string> granted, IReadOnlyList<string> accepted) => accepted.Any(granted.Contains);
}
