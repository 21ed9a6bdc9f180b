using System.Text.Json;
using Microsoft.Identity.Client;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// One mailbox's MSAL token cache, bound to one application instance: loaded from the mailbox's encrypted
/// state before MSAL reads it and captured after MSAL writes it. Never shared between mailboxes.
/// </summary>
public sealed class MsalMailboxCache
{
    private byte[]? _blob;

    public MsalMailboxCache(string? serialized) =>
        _blob = string.IsNullOrEmpty(serialized) ? null : Convert.FromBase64String(serialized);

    public string? Serialized => _blob is null ? null : Convert.ToBase64String(_blob);

    public void Bind(ITokenCache cache)
    {
        cache.SetBeforeAccess(args =>
        {
            if (_blob is not null)
            {
                args.TokenCache.DeserializeMsalV3(_blob, shouldClearExistingCache: true);
            }
        });
        cache.SetAfterAccess(args =>
        {
            if (args.HasStateChanged)
            {
                _blob = args.TokenCache.SerializeMsalV3();
            }
        });
    }

    /// <summary>The first account's <c>home_account_id</c> in a serialized MSAL (v3) cache.</summary>
    public static string? HomeAccountIdOf(byte[] msalCache)
    {
        try
        {
            using var document = JsonDocument.Parse(msalCache);
            if (document.RootElement.TryGetProperty("Account", out var accounts) && accounts.ValueKind == JsonValueKind.Object)
            {
                foreach (var account in accounts.EnumerateObject())
                {
                    if (account.Value.TryGetProperty("home_account_id", out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        return id.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not an MSAL cache.
        }

        return null;
    }
}
