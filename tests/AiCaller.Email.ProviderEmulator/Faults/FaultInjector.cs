using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>Armed fault rules; each match uses up one of a rule's count, first rule first.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(FaultRule Rule, int Remaining)> _rules = [];

    public void Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add((rule, rule.Count));
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>
    /// The first armed rule for this request, used up by one. A call inside a batch (<paramref name="innerCall"/>) has
    /// no connection of its own, so the rules that spoil a whole exchange after handling never match it.
    /// </summary>
    public FaultRule? TryTake(string target, PathString path, bool innerCall = false)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, remaining) = _rules[i];
                if (!(innerCall && rule.AfterHandling)
                    && (rule.Target == RequestTarget.Any || rule.Target == target)
                    && (string.IsNullOrEmpty(rule.PathContains) || (path.Value ?? "").Contains(rule.PathContains, StringComparison.OrdinalIgnoreCase)))
                {
                    if (remaining <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        _rules[i] = (rule, remaining - 1);
                    }

                    return rule;
                }
            }

            return null;
        }
    }
}
