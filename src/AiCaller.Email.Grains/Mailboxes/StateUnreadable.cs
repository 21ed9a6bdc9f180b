using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>What a mailbox says, in its status and to its callers, when its stored state cannot be decrypted.</summary>
public static class StateUnreadable
{
    public const string Message =
        "The encryption keys changed since this mailbox was stored, so its tokens cannot be read; connect it again (or DELETE it)";

    public static MailboxError Error(DateTimeOffset at) => new(ProblemCode.StateUnreadable.ToSlug(), Message, at);

    public static MailboxProblemException Problem() => new(ProblemCode.StateUnreadable, Message);
}
