namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>The request log, oldest first.</summary>
public sealed class RequestJournal
{
    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _entries = [];

    public void Add(RequestLogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    public IReadOnlyList<RequestLogEntry> Entries(string? target)
    {
        lock (_gate)
        {
            return _entries.Where(e => string.IsNullOrEmpty(target) || e.Target == target).ToArray();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
