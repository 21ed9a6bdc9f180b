using System.Collections.Concurrent;
using AiCaller.Email.ProviderEmulator.Microsoft;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>Every user's Graph mailbox, created on first consent or first seeded message.</summary>
public sealed class GraphMailStore
{
    private readonly ConcurrentDictionary<string, GraphMailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private long _lastSequence;

    // The mailbox GUID is the user's work-account object id: stable, and independent of later personal-account switches.
    public GraphMailbox GetOrCreate(string email) =>
        _mailboxes.GetOrAdd(email.Trim(), e => new GraphMailbox(e, Guid.Parse(MicrosoftUser.For(e, personal: false).ObjectId)));

    public GraphMailbox? Find(string email) => _mailboxes.GetValueOrDefault(email.Trim());

    public void Reset() => _mailboxes.Clear();

    /// <summary>Message sequence numbers are unique across mailboxes, so an id never names two messages.</summary>
    public long NextSequence() => Interlocked.Increment(ref _lastSequence);
}
