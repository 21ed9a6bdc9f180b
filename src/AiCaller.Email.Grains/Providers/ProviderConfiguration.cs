using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Grains.Providers;

/// <summary>
/// Whether a provider's app credentials are usable, and if not, the seed's message saying why. The one rule for "no
/// client secrets means not_configured": the provider decides it once from its secrets, and everything else asks here.
/// </summary>
public sealed record ProviderConfiguration(bool IsConfigured, string? Problem)
{
    public static ProviderConfiguration Configured { get; } = new(true, null);

    public static ProviderConfiguration Missing(string problem) => new(false, problem);

    /// <summary>From loading the secrets: configured when they loaded, else missing with the loader's problem.</summary>
    public static ProviderConfiguration Of<TSecrets>(TSecrets? secrets, string? problem) where TSecrets : class =>
        secrets is null ? Missing(problem!) : Configured;

    /// <summary>What a mailbox reports: its own status, or not_configured whatever it last was while the app has no credentials.</summary>
    public MailboxStatusKind StatusOf(MailboxStatusKind own) => IsConfigured ? own : MailboxStatusKind.NotConfigured;

    /// <summary>Throws the not_configured problem, with the seed's message, unless the provider is configured.</summary>
    public void ThrowIfMissing()
    {
        if (!IsConfigured)
        {
            throw new MailboxProblemException(ProblemCode.NotConfigured, Problem!);
        }
    }
}
