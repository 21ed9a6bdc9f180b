using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>The seed's troubleshooting messages, as problems.</summary>
public static class ProviderMessages
{
    public static MailboxProblemException NotConnected(ProviderName provider) =>
        new(ProblemCode.NotConnected, $"{provider.ToDisplayName()} OAuth not completed");

    public static MailboxProblemException TokenInvalid(ProviderName provider) =>
        new(ProblemCode.TokenInvalid, $"{provider.ToDisplayName()} token is invalid — reconnect");

    /// <summary>A send failed in a way that leaves open whether the provider took the message.</summary>
    public static MailboxProblemException SendOutcomeUnknown(ProviderName provider, string what) =>
        new(ProblemCode.SendOutcomeUnknown, $"{what}; {provider.ToDisplayName()} may have taken the message");

    public static MailboxProblemException AppCredentialsInvalid(ProviderName provider, string providerError) =>
        new(ProblemCode.AppCredentialsInvalid,
            $"{provider.ToDisplayName()} rejected the app's OAuth client credentials ({providerError}); every mailbox of this app is affected, reconnecting will not help");
}
