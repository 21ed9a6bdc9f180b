using System.Globalization;
using System.Text;
using System.Text.Json;
using AiCaller.Email.Benchmarks.Measurement;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>
/// The refresh storm's report: refresh requests per second at the rate-limited token endpoint, when each mailbox got
/// its new token against its old one's expiry, provider calls by the state of their token, and the mailboxes the
/// product still had without a new token at the end. Printed, and written as Markdown, JSON and a chart.
/// </summary>
public sealed class RefreshSpreadReport(
    ResultTable machine, ResultTable run, RefreshRound round, RefreshWindow window, int limit, int mailboxes,
    IReadOnlyList<string> unrefreshed, StatusTally callerOutcomes, int callersSkipped)
{
    private const int BucketSeconds = 10;
    private const int OffsetBuckets = 6;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public IReadOnlyList<ResultTable> Tables => [run, Summary(), RatePerBucket(), SecondsByRate(), Offsets()];

    public ResultTable Summary()
    {
        var offsets = SpreadStatistics.Of(round.FirstRefreshOffsets.Values.ToList());
        var active = round.Seconds.Where(s => s.Requests > 0).ToList();
        return new ResultTable($"refresh-spread: {mailboxes} mailboxes, token endpoint limited to {limit}/s", "measure", "value")
            .Add("mailboxes without a new token at the end (product's status)", $"{unrefreshed.Count} of {mailboxes}")
            .Add("mailboxes refreshed before / after their old token expired (emulator)",
                $"{round.FirstRefreshOffsets.Values.Count(o => o < 0)} / {round.FirstRefreshOffsets.Values.Count(o => o >= 0)}")
            .Add("provider API calls made with an expired access token", $"{round.ExpiredTokenCalls} of {round.ApiCalls}")
            .Add("provider API calls by token state on arrival", States())
            .Add("provider API calls answered 401", round.ApiUnauthorized.ToString(CultureInfo.InvariantCulture))
            .Add("refresh requests: refreshed / throttled (429) / other", $"{round.Requests} : {round.Refreshed} / {round.Throttled} / {round.Other}")
            .Add("refresh requests per mailbox until its new token, mean / max", RequestsPerMailbox())
            .Add("peak refreshes in one second (limit)", $"{round.PeakRefreshed} ({limit})")
            .Add("peak refresh requests in one second, throttled included", round.PeakRequests.ToString(CultureInfo.InvariantCulture))
            .Add("seconds with refresh requests / at the limit / over it", $"{active.Count} / {active.Count(s => s.Refreshed >= limit)} / {active.Count(s => s.Requests > limit)}")
            .Add("refreshes spread over (first → last request)", $"{round.Seconds.Count} s, offsets {First()} … {Last()} s to the earliest expiry")
            .Add("mean refreshes per second over that span", round.Seconds.Count == 0 ? "-" : $"{(double)round.Refreshed / round.Seconds.Count:0.0}")
            .Add("first new token, offset to the old one's expiry min / mean / max (s)", $"{offsets.Min:0.0} / {offsets.Mean:0.0} / {offsets.Max:0.0}")
            .Add("benchmark's API calls meanwhile: answers", $"{callerOutcomes.Errors(string.Empty)}" + (callersSkipped > 0 ? $", {callersSkipped} not started (256 in flight)" : ""));
    }

    /// <summary>Refresh requests per 10 s, as seen at the emulator: a histogram over time.</summary>
    public ResultTable RatePerBucket()
    {
        var table = new ResultTable($"refresh requests per second at the emulator, in {BucketSeconds}-s buckets (s from the earliest expiry)",
            "seconds", "refreshed", "throttled", "refreshed/s mean / max", "requests/s max", "refreshed per second");
        foreach (var bucket in round.Seconds.GroupBy(s => (long)Math.Floor(s.Offset / (double)BucketSeconds)))
        {
            var seconds = bucket.ToList();
            var from = bucket.Key * BucketSeconds;
            var mean = seconds.Sum(s => s.Refreshed) / (double)BucketSeconds;
            table.Add($"{from} … {from + BucketSeconds - 1}", seconds.Sum(s => s.Refreshed).ToString(CultureInfo.InvariantCulture),
                seconds.Sum(s => s.Throttled + s.Other).ToString(CultureInfo.InvariantCulture),
                $"{mean:0.0} / {seconds.Max(s => s.Refreshed)}", seconds.Max(s => s.Requests).ToString(CultureInfo.InvariantCulture),
                new string('#', (int)Math.Round(40.0 * mean / Math.Max(limit, round.PeakRefreshed))));
        }

        return table;
    }

    /// <summary>How many seconds saw how many refreshes: the shape of the storm whatever its timing.</summary>
    public ResultTable SecondsByRate()
    {
        var table = new ResultTable("seconds by refreshes in them (from the first refresh request to the last)", "refreshes in the second", "seconds", "share");
        var step = Math.Max(1, (int)Math.Ceiling(Math.Max(limit, round.PeakRefreshed) / 10.0));
        var total = round.Seconds.Count;
        table.Add("0", round.Seconds.Count(s => s.Refreshed == 0).ToString(CultureInfo.InvariantCulture), Bar(round.Seconds.Count(s => s.Refreshed == 0), total));
        for (var from = 1; from <= round.PeakRefreshed; from += step)
        {
            var to = from + step - 1;
            var count = round.Seconds.Count(s => s.Refreshed >= from && s.Refreshed <= to);
            table.Add(from == to ? $"{from}" : $"{from} … {to}", count.ToString(CultureInfo.InvariantCulture), Bar(count, total));
        }

        return table;
    }

    /// <summary>When each mailbox's first new token was issued, against the window the product aims for.</summary>
    public ResultTable Offsets()
    {
        var offsets = round.FirstRefreshOffsets.Values.ToList();
        var table = new ResultTable($"first new token per mailbox, seconds to the old token's expiry (aimed for: −{window.EarliestSeconds:0} … −{window.LeadSeconds:0})",
            "window", "mailboxes", "share");
        var width = window.JitterSeconds / OffsetBuckets;
        var earliest = -window.EarliestSeconds;
        // Half a second of slack at both ends: timers fire a little late, and expiries are stamped at the product's receipt.
        table.Add("earlier", offsets.Count(o => o < earliest - 0.5).ToString(CultureInfo.InvariantCulture), Bar(offsets.Count(o => o < earliest - 0.5), mailboxes));
        for (var b = 0; b < OffsetBuckets; b++)
        {
            var from = earliest + b * width;
            var to = from + width;
            var count = offsets.Count(o => o >= (b == 0 ? from - 0.5 : from) && (o < to || (b == OffsetBuckets - 1 && o <= to + 0.5)));
            table.Add($"{from:0.0} … {to:0.0}", count.ToString(CultureInfo.InvariantCulture), Bar(count, mailboxes));
        }

        var late = offsets.Count(o => o > -window.LeadSeconds + 0.5 && o < 0);
        table.Add($"later, before expiry (retries)", late.ToString(CultureInfo.InvariantCulture), Bar(late, mailboxes));
        var expired = offsets.Count(o => o >= 0);
        table.Add("after expiry", expired.ToString(CultureInfo.InvariantCulture), Bar(expired, mailboxes));
        table.Add("not refreshed", (mailboxes - offsets.Count).ToString(CultureInfo.InvariantCulture), Bar(mailboxes - offsets.Count, mailboxes));
        return table;
    }

    public string Markdown()
    {
        var text = new StringBuilder()
            .AppendLine("# Refresh storm: mailboxes whose tokens expire within the same minute, against a rate-limited token endpoint")
            .AppendLine()
            .AppendLine(machine.ToString());
        foreach (var table in Tables)
        {
            text.AppendLine(table.ToString());
        }

        var series = new ResultTable("every second (s from the earliest expiry)", "second", "requests", "refreshed", "throttled", "other");
        foreach (var second in round.Seconds)
        {
            series.Add(second.Offset.ToString(CultureInfo.InvariantCulture), second.Requests.ToString(CultureInfo.InvariantCulture),
                second.Refreshed.ToString(CultureInfo.InvariantCulture), second.Throttled.ToString(CultureInfo.InvariantCulture),
                second.Other.ToString(CultureInfo.InvariantCulture));
        }

        return text.AppendLine(series.ToString()).ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        Scenario = "refresh-spread",
        Machine = Facts(machine),
        Run = Facts(run),
        Mailboxes = mailboxes,
        LimitPerSecond = limit,
        window.LeadSeconds,
        window.JitterSeconds,
        EarliestExpiry = round.Origin,
        Unrefreshed = unrefreshed,
        RefreshedBeforeExpiry = round.FirstRefreshOffsets.Values.Count(o => o < 0),
        RefreshedAfterExpiry = round.FirstRefreshOffsets.Values.Count(o => o >= 0),
        ExpiredTokenCalls = round.ExpiredTokenCalls,
        ApiCallsByTokenState = round.ApiCallsByTokenState,
        ApiUnauthorized = round.ApiUnauthorized,
        RefreshRequests = round.Requests,
        round.Refreshed,
        round.Throttled,
        round.Other,
        round.PeakRefreshed,
        round.PeakRequests,
        FirstRefreshOffsetSeconds = SpreadStatistics.Of(round.FirstRefreshOffsets.Values.ToList()),
        MailboxesByRefreshRequests = round.RequestsPerMailbox.Values.GroupBy(n => n).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
        CallerOutcomes = callerOutcomes.Counts(),
        CallersSkipped = callersSkipped,
        Seconds = round.Seconds,
    }, Json);

    /// <summary>Writes <c>{stem}.md</c>, <c>{stem}.json</c> and <c>{stem}.png</c> into <paramref name="directory"/>; returns their paths.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string directory, string stem, double expirySpreadSeconds)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, $"{stem}.md");
        var json = Path.Combine(directory, $"{stem}.json");
        var chart = Path.Combine(directory, $"{stem}.png");
        await File.WriteAllTextAsync(markdown, Markdown());
        await File.WriteAllTextAsync(json, ToJson());
        RefreshRateChart.Save(chart, round, limit, expirySpreadSeconds,
            $"{mailboxes} mailboxes, token endpoint limited to {limit}/s: {Facts(machine).GetValueOrDefault("mode", string.Empty)}, {Facts(machine).GetValueOrDefault("started", string.Empty)}");
        return [markdown, json, chart];
    }

    private string States() =>
        round.ApiCallsByTokenState.Count == 0 ? "none" : string.Join(", ", round.ApiCallsByTokenState.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"));

    private string RequestsPerMailbox() =>
        round.RequestsPerMailbox.Count == 0 ? "-" : $"{round.RequestsPerMailbox.Values.Average():0.00} / {round.RequestsPerMailbox.Values.Max()}";

    private string First() => round.Seconds.Count == 0 ? "-" : round.Seconds[0].Offset.ToString(CultureInfo.InvariantCulture);

    private string Last() => round.Seconds.Count == 0 ? "-" : round.Seconds[^1].Offset.ToString(CultureInfo.InvariantCulture);

    private static string Bar(int count, int total) =>
        total == 0 ? string.Empty : new string('#', (int)Math.Round(30.0 * count / total)) + $" {100.0 * count / total:0}%";

    private static Dictionary<string, string> Facts(ResultTable table) => table.Rows.ToDictionary(r => r[0], r => r[1]);
}
