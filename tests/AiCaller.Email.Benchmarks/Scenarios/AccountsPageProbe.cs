using System.Diagnostics;
using System.Text.Json;
using AiCaller.Email.Benchmarks.Measurement;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// Sequential GET /api/gmail/accounts?limit=100, each page starting after a random account (page_token): a keyset
/// page should cost the same wherever in a tenant's list it starts.
/// </summary>
public static class AccountsPageProbe
{
    public const int PageSize = 100;

    /// <param name="accounts">Account ids of the tenant; pages start only where a full page follows.</param>
    public static async Task<LatencySummary> MeasureAsync(HttpClient api, IReadOnlyList<string> accounts, int samples, CancellationToken ct)
    {
        var ordered = accounts.Order(StringComparer.Ordinal).ToList();
        var starts = Math.Max(1, ordered.Count - PageSize);
        var latencies = new LatencyRecorder();
        for (var i = 0; i < samples + 5 && !ct.IsCancellationRequested; i++)
        {
            var after = ordered[Random.Shared.Next(starts)];
            var started = Stopwatch.GetTimestamp();
            using var response = await api.GetAsync($"/api/gmail/accounts?limit={PageSize}&page_token={after}", CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started);
            response.EnsureSuccessStatusCode();
            if (i < 5)
            {
                // Untimed, as in HealthProbe; the first also shows that a page is what it should be.
                await EnsureFullPageAsync(response);
                continue;
            }

            latencies.Record(elapsed);
        }

        return latencies.Summarize();
    }

    private static async Task EnsureFullPageAsync(HttpResponseMessage response)
    {
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var count = page.RootElement.GetProperty("accounts").GetArrayLength();
        if (count != PageSize)
        {
            throw new InvalidOperationException($"an accounts page held {count} accounts, not {PageSize}");
        }
    }
}
