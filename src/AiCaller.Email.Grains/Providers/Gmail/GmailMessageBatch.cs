namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// Up to <see cref="MaxCalls"/> messages.get calls that go to Gmail as one batch request, and what Gmail has answered
/// so far: a call made again (with a refreshed token, or for the parts Gmail throttled) asks only for the rest.
/// </summary>
public sealed class GmailMessageBatch
{
    /// <summary>Google allows 100 calls in a batch but advises against more than 50: larger ones trigger rate limiting.</summary>
    public const int MaxCalls = 50;

    private readonly GmailMessage?[] _messages;
    private readonly bool[] _answered;

    public GmailMessageBatch(IReadOnlyList<string> ids, string format, IReadOnlyList<string> metadataHeaders)
    {
        if (ids.Count is 0 or > MaxCalls)
        {
            throw new ArgumentOutOfRangeException(nameof(ids), ids.Count, $"A batch holds 1 to {MaxCalls} calls");
        }

        Ids = ids;
        Format = format;
        MetadataHeaders = metadataHeaders;
        _messages = new GmailMessage?[ids.Count];
        _answered = new bool[ids.Count];
    }

    public IReadOnlyList<string> Ids { get; }

    public string Format { get; }

    public IReadOnlyList<string> MetadataHeaders { get; }

    /// <summary>Positions in <see cref="Ids"/> that Gmail has not answered yet.</summary>
    public IReadOnlyList<int> Pending => Enumerable.Range(0, Ids.Count).Where(i => !_answered[i]).ToArray();

    /// <summary>The messages in the order of <see cref="Ids"/>; null for one Gmail no longer has.</summary>
    public IReadOnlyList<GmailMessage?> Messages => _messages;

    public void Answer(int index, GmailMessage? message)
    {
        _messages[index] = message;
        _answered[index] = true;
    }
}
