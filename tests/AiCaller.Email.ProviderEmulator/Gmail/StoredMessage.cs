namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>A message as a mailbox keeps it: the raw MIME bytes exactly as they came, plus Gmail's bookkeeping.</summary>
public sealed record StoredMessage(
    long Id,
    string ThreadId,
    byte[] Raw,
    IReadOnlyList<string> LabelIds,
    DateTimeOffset InternalDate,
    long HistoryId,
    MessageOrigin Origin,
    MessageFacts Facts)
{
    public string IdHex => MessageId.Format(Id);

    public bool HasLabel(string label) => LabelIds.Contains(label, StringComparer.OrdinalIgnoreCase);
}
