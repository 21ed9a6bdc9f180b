namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// A message as a mailbox keeps it, plus Gmail's bookkeeping. <see cref="Raw"/> is the MIME Gmail keeps and serves;
/// <see cref="Received"/> the bytes exactly as they reached Gmail, the same unless Gmail rewrote something on the way
/// in (it gives a sent message its own Message-ID).
/// </summary>
public sealed record StoredMessage(
    long Id,
    string ThreadId,
    byte[] Raw,
    byte[] Received,
    IReadOnlyList<string> LabelIds,
    DateTimeOffset InternalDate,
    long HistoryId,
    MessageOrigin Origin,
    MessageFacts Facts)
{
    public string IdHex => MessageId.Format(Id);

    public bool HasLabel(string label) => LabelIds.Contains(label, StringComparer.OrdinalIgnoreCase);
}
