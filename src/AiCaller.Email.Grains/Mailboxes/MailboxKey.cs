using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// Identifies one mailbox: provider, tenant and account. The grain key is composed here, on the server,
/// from validated segments that cannot contain the separator, so two different mailboxes never share a key.
/// </summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.MailboxKey")]
public sealed partial record MailboxKey(ProviderName Provider, string Tenant, string Account)
{
    public const string DefaultAccount = "default";
    public const string DefaultTenant = "default";
    private const char Separator = '/';

    private const string IdentifierBody = "^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}";

    /// <summary>What an account or tenant id looks like, as published in the OpenAPI document.</summary>
    public const string IdentifierSchemaPattern = IdentifierBody + "$";

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(IdentifierBody + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    /// <summary>True when <paramref name="value"/> is a valid account or tenant id.</summary>
    public static bool IsValidIdentifier([NotNullWhen(true)] string? value) =>
        value is not null && IdentifierPattern().IsMatch(value);

    public static MailboxKey Create(ProviderName provider, string tenant, string account)
    {
        if (!IsValidIdentifier(tenant))
        {
            throw new ArgumentException($"Invalid tenant id '{tenant}'.", nameof(tenant));
        }

        if (!IsValidIdentifier(account))
        {
            throw new ArgumentException($"Invalid account id '{account}'.", nameof(account));
        }

        return new MailboxKey(provider, tenant, account);
    }

    public string ToGrainKey() => string.Join(Separator, Provider.ToSlug(), Tenant, Account);

    public static MailboxKey ParseGrainKey(string key)
    {
        if (TryParseGrainKey(key, out var parsed))
        {
            return parsed;
        }

        throw new FormatException($"'{key}' is not a mailbox key.");
    }

    public static bool TryParseGrainKey(string? key, [NotNullWhen(true)] out MailboxKey? parsed)
    {
        parsed = null;
        var parts = key?.Split(Separator);
        if (parts is not { Length: 3 } || !ProviderNames.TryParse(parts[0], out var provider)
            || !IsValidIdentifier(parts[1]) || !IsValidIdentifier(parts[2]))
        {
            return false;
        }

        parsed = new MailboxKey(provider, parts[1], parts[2]);
        return true;
    }

    public override string ToString() => ToGrainKey();
}
