namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>The mail providers a mailbox can belong to.</summary>
public enum ProviderName
{
    Gmail,
    Outlook,
}

public static class ProviderNames
{
    /// <summary>The lower-case name used in routes, grain keys and JSON.</summary>
    public static string ToSlug(this ProviderName provider) => provider switch
    {
        ProviderName.Gmail => "gmail",
        ProviderName.Outlook => "outlook",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>The name people read in messages ("Gmail OAuth not completed").</summary>
    public static string ToDisplayName(this ProviderName provider) => provider switch
    {
        ProviderName.Gmail => "Gmail",
        ProviderName.Outlook => "Outlook",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static bool TryParse(string? slug, out ProviderName provider)
    {
        switch (slug)
        {
            case "gmail":
                provider = ProviderName.Gmail;
                return true;
            case "outlook":
                provider = ProviderName.Outlook;
                return true;
            default:
                provider = default;
                return false;
        }
    }
}
