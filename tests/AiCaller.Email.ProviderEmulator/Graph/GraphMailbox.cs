namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>One user's Exchange mailbox as Graph sees it, and what the product sent through it. Reads return snapshots.</summary>
public sealed class GraphMailbox(string email, Guid id)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, GraphMessage> _messages = [];
    private readonly List<GraphSentRecord> _sent = [];
    private readonly Dictionary<long, string> _draftRequests = [];
    private readonly HashSet<long> _immutableIds = [];

    public string Email { get; } = email;

    /// <summary>The mailbox GUID inside every id of this mailbox.</summary>
    public Guid Id { get; } = id;

    public GraphMessage Add(GraphMessage message)
    {
        lock (_gate)
        {
            _messages[message.Sequence] = message;
            return message;
        }
    }

    public GraphMessage? Find(long sequence)
    {
        lock (_gate)
        {
            return _messages.GetValueOrDefault(sequence);
        }
    }

    /// <summary>Replaces a message by sequence, bumping its version (and so its change key and etag).</summary>
    public GraphMessage Update(GraphMessage message)
    {
        lock (_gate)
        {
            var updated = message with { Version = message.Version + 1 };
            _messages[message.Sequence] = updated;
            return updated;
        }
    }

    public bool Remove(long sequence)
    {
        lock (_gate)
        {
            return _messages.Remove(sequence);
        }
    }

    public IReadOnlyList<GraphMessage> All()
    {
        lock (_gate)
        {
            return _messages.Values.ToArray();
        }
    }

    /// <summary>Keeps the JSON a draft was created with, for the sent record once the draft is sent.</summary>
    public void RememberDraftRequest(long sequence, string json)
    {
        lock (_gate)
        {
            _draftRequests[sequence] = json;
        }
    }

    /// <summary>Marks a message created with <c>Prefer: IdType="ImmutableId"</c>: its id survives moves between folders.</summary>
    public void RememberImmutableId(long sequence)
    {
        lock (_gate)
        {
            _immutableIds.Add(sequence);
        }
    }

    public bool HasImmutableId(long sequence)
    {
        lock (_gate)
        {
            return _immutableIds.Contains(sequence);
        }
    }

    public string? DraftRequest(long sequence)
    {
        lock (_gate)
        {
            return _draftRequests.GetValueOrDefault(sequence);
        }
    }

    public void RecordSent(GraphSentRecord record)
    {
        lock (_gate)
        {
            _sent.Add(record);
        }
    }

    public IReadOnlyList<GraphSentRecord> Sent()
    {
        lock (_gate)
        {
            return _sent.ToArray();
        }
    }
}

/// <summary>
/// One send through Graph, as the product made it: the exact JSON of sendMail, or of the draft's creation and of its
/// /send call, and the message that resulted (stored in Sent Items unless saveToSentItems was false).
/// </summary>
public sealed record GraphSentRecord(string Via, string RequestJson, string? SendRequestJson, bool SavedToSentItems, GraphMessage Message);
