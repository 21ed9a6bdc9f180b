using System.Collections.Concurrent;
using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>Every user's mailbox, created on first consent or first seeded message.</summary>
public sealed class MailStore(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _idGate = new();
    private long _lastId;

    public Mailbox GetOrCreate(string email) => _mailboxes.GetOrAdd(email.Trim(), e => new Mailbox(e));

    public Mailbox? Find(string email) => _mailboxes.GetValueOrDefault(email.Trim());

    public void Reset() => _mailboxes.Clear();

    public StoredMessage Add(string email, byte[] raw, MimeMessage parsed, IReadOnlyList<string> labels,
        DateTimeOffset internalDate, string? threadId, MessageOrigin origin, byte[]? received = null) =>
        GetOrCreate(email).Add(NextId(), raw, parsed, labels, internalDate, threadId, origin, received);

    /// <summary>
    /// Like Gmail's: milliseconds since the epoch shifted left 20 bits, so ids grow with time and print as 16 hex digits.
    /// </summary>
    private long NextId()
    {
        lock (_idGate)
        {
            _lastId = Math.Max(_lastId + 1, clock.GetUtcNow().ToUnixTimeMilliseconds() << 20);
            return _lastId;
        }
    }
}
