namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>How a message got into a mailbox: seeded by a test, or sent through the Gmail API.</summary>
public enum MessageOrigin { Seeded, Sent }
