using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Storage.Legacy;

/// <summary>
/// What the import reads of a mailbox state written by the file-store release: its directory entry and the send
/// records that release kept inside the state. The rest of the state is carried over as it is.
/// </summary>
internal sealed class LegacyMailboxState
{
    public string? Email { get; set; }

    public MailboxStatusKind Status { get; set; }

    public MailboxError? LastError { get; set; }

    public bool Listed { get; set; }

    public List<LegacyIdempotencyRecord> IdempotencyRecords { get; set; } = [];
}
