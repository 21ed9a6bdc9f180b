namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>One entry of a mailbox's history; the emulator records messageAdded only.</summary>
public sealed record HistoryRecord(long Id, StoredMessage Message);
