using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>One user's messages and history. Every read returns a snapshot, so callers never hold the lock.</summary>
public sealed class Mailbox(string email)
{
    // Real history ids are large and never start at 1; a product that treats 0 or 1 as "none" should not pass by luck.
    private const long FirstHistoryId = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, StoredMessage> _messages = [];
    private readonly List<HistoryRecord> _history = [];
    private long _historyId = FirstHistoryId;
    private long _oldestValidHistoryId = FirstHistoryId;

    public string Email { get; } = email;

    public long HistoryId
    {
        get
        {
            lock (_gate)
            {
                return _historyId;
            }
        }
    }

    public StoredMessage Add(long id, byte[] raw, MimeMessage parsed, IReadOnlyList<string> labels, DateTimeOffset internalDate,
        string? threadId, MessageOrigin origin, byte[]? received = null)
    {
        lock (_gate)
        {
            // A threadId joins an existing thread only; Gmail does not let a sender invent one.
            var thread = threadId is not null && _messages.Values.Any(m => m.ThreadId == threadId) ? threadId : MessageId.Format(id);
            // Gmail keeps internalDate in milliseconds; truncating here keeps list order and page cursors in agreement.
            var date = DateTimeOffset.FromUnixTimeMilliseconds(internalDate.ToUnixTimeMilliseconds());
            var message = new StoredMessage(id, thread, raw, received ?? raw, labels, date, ++_historyId, origin, MessageFacts.Of(parsed));
            _messages[id] = message;
            _history.Add(new HistoryRecord(message.HistoryId, message));
            return message;
        }
    }

    public StoredMessage? Find(long id)
    {
        lock (_gate)
        {
            return _messages.GetValueOrDefault(id);
        }
    }

    /// <summary>All messages, newest first (internal date, then id), the order Gmail lists them in.</summary>
    public IReadOnlyList<StoredMessage> NewestFirst()
    {
        lock (_gate)
        {
            return _messages.Values.OrderByDescending(m => m.InternalDate).ThenByDescending(m => m.Id).ToArray();
        }
    }

    /// <summary>History after <paramref name="startHistoryId"/>, or null when that id is older than what is kept.</summary>
    public IReadOnlyList<HistoryRecord>? HistorySince(long startHistoryId)
    {
        lock (_gate)
        {
            return startHistoryId < _oldestValidHistoryId ? null : _history.Where(h => h.Id > startHistoryId).ToArray();
        }
    }

    /// <summary>Forgets history up to now, so older start ids get Gmail's 404 and a client must do a full sync.</summary>
    public void ExpireHistory()
    {
        lock (_gate)
        {
            _oldestValidHistoryId = _historyId;
            _history.Clear();
        }
    }
}
