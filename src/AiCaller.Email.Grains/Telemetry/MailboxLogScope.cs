using System.Collections;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>
/// The logging scope of a mailbox's work: <c>tenant</c>, <c>provider</c> and <c>account</c> as separate values for the
/// JSON console, OTLP and any structured sink, and one short text for the plain console.
/// </summary>
public sealed class MailboxLogScope(MailboxKey key) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _values =
    [
        new(EmailTelemetry.TenantTag, key.Tenant),
        new(EmailTelemetry.ProviderTag, key.Provider.ToSlug()),
        new(EmailTelemetry.AccountTag, key.Account),
    ];

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"tenant:{key.Tenant} provider:{key.Provider.ToSlug()} account:{key.Account}";
}
