using System.Collections.Concurrent;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>How many answers had each HTTP status (or which exception took the place of an answer).</summary>
public sealed class StatusTally
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string outcome) => _counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public int Of(string outcome) => _counts.GetValueOrDefault(outcome);

    public IReadOnlyDictionary<string, int> Counts() => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    /// <summary>Everything but the expected outcome, e.g. "409×3, 502×1", or "none".</summary>
    public string Errors(string expected)
    {
        var errors = _counts.Where(c => c.Key != expected).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}×{c.Value}").ToList();
        return errors.Count == 0 ? "none" : string.Join(", ", errors);
    }
}
