using System.Diagnostics.Metrics;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Tenants;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>
/// Mailboxes by provider and status, summed over tenants, from the directory's counts. A scrape reads them at most once
/// every few seconds, with one small query over the counts (never the mailbox rows, never a query per tenant). The value
/// is the whole cluster's, so every host that exports it reports the same numbers: aggregate it with max, not sum.
/// </summary>
public sealed class MailboxCountsGauge
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    // A scrape waits this long for a read before it reports the last numbers it has.
    private static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(2);

    private static readonly MailboxStatusKind[] StoredStatuses = [MailboxStatusKind.Connected, MailboxStatusKind.Disconnected, MailboxStatusKind.Error];

    private readonly MailboxDirectory _directory;
    private readonly TimeProvider _clock;
    private readonly ILogger<MailboxCountsGauge> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<StatusCount> _counts = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private Task? _reading;

    public MailboxCountsGauge(IMeterFactory meters, MailboxDirectory directory, TimeProvider clock, ILogger<MailboxCountsGauge> logger)
    {
        _directory = directory;
        _clock = clock;
        _logger = logger;
        meters.Create(EmailTelemetry.Name).CreateObservableGauge(
            "aicaller.email.mailboxes", Observe, "{mailbox}",
            "Mailboxes of all tenants by provider and status (the cluster's numbers: every host reports the same)");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        Task reading;
        lock (_gate)
        {
            if (_clock.GetUtcNow() - _readAt < MaxAge)
            {
                return Measurements(_counts);
            }

            reading = _reading ??= ReadAsync();
        }

        reading.Wait(ReadWait);
        lock (_gate)
        {
            return Measurements(_counts);
        }
    }

    private async Task ReadAsync()
    {
        // Off the caller's lock before anything can complete and clear the field.
        await Task.Yield();
        try
        {
            var counts = await _directory.TotalsAsync();
            lock (_gate)
            {
                _counts = counts;
                _readAt = _clock.GetUtcNow();
            }
        }
        catch (Exception e)
        {
            // A scrape must not fail with the database: it reports the last numbers, and asks again after MaxAge.
            _logger.LogWarning("Reading the mailbox counts for the metrics failed: {Reason}", e.Message);
            lock (_gate)
            {
                _readAt = _clock.GetUtcNow();
            }
        }
        finally
        {
            lock (_gate)
            {
                _reading = null;
            }
        }
    }

    /// <summary>Every provider and stored status, zero when it has no mailbox, so that a series does not vanish when it reaches zero.</summary>
    private static List<Measurement<long>> Measurements(IReadOnlyList<StatusCount> counts)
    {
        var totals = new Dictionary<(ProviderName, MailboxStatusKind), long>();
        foreach (var provider in Enum.GetValues<ProviderName>())
        {
            foreach (var status in StoredStatuses)
            {
                totals[(provider, status)] = 0;
            }
        }

        foreach (var count in counts)
        {
            totals[(count.Provider, count.Status)] = totals.GetValueOrDefault((count.Provider, count.Status)) + count.Mailboxes;
        }

        return totals.Select(total => new Measurement<long>(total.Value,
            new KeyValuePair<string, object?>(EmailTelemetry.ProviderTag, total.Key.Item1.ToSlug()),
            new KeyValuePair<string, object?>(EmailTelemetry.StatusTag, total.Key.Item2.ToSlug()))).ToList();
    }
}
