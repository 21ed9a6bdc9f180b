using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Tests.Cluster;

/// <summary>
/// Steady traffic through the API as AI agents make it: a few workers read status and messages (now and then the account
/// list and the integrations' health) and send messages, each with a fresh Idempotency-Key that the worker tries again
/// with the same key, as a client would, after a 5xx or no answer, until the API accepts it. Every request and how it
/// ended is kept, timed on one clock, for the test to judge and report.
/// </summary>
public sealed partial class MailboxTraffic(HttpClient api, IReadOnlyList<ClusterMailbox> mailboxes, ClusterMailbox busy)
{
    /// <summary>How long one key is tried before the worker gives up on it (and the test fails on it).</summary>
    private static readonly TimeSpan SendDeadline = TimeSpan.FromMinutes(6);

    private static readonly TimeSpan LongestRetryPause = TimeSpan.FromSeconds(2);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<TrafficRequest> _requests = new();
    private readonly ConcurrentDictionary<string, KeyedSend> _sends = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The traffic's clock: every request's start and end are read from it.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<TrafficRequest> Requests => [.. _requests];

    public IReadOnlyList<KeyedSend> Sends => [.. _sends.Values];

    /// <summary>The subject a keyed send carries, so that the provider's copy names its key.</summary>
    public static string SubjectOf(string key) => $"failover {key}";

    /// <summary>The key in a subject <see cref="SubjectOf"/> wrote; null for a message the traffic did not send.</summary>
    public static string? KeyOf(string? subject) => subject is not null && SubjectPattern().Match(subject) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Runs until <see cref="Stop"/>; a send under way then is still tried until accepted.</summary>
    public Task RunAsync(int workers) => Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => WorkAsync(worker))));

    public void Stop() => _stop.Cancel();

    private async Task WorkAsync(int worker)
    {
        var random = new Random(worker);
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            // Worker 0 keeps one mailbox busy, as an agent in the middle of a call does; the others go anywhere.
            var mailbox = worker == 0 ? busy : mailboxes[random.Next(mailboxes.Count)];
            switch (random.Next(20))
            {
                case < 7:
                    await ReadAsync("status", mailbox, $"{mailbox.Path}/status");
                    break;
                case < 12:
                    await ReadAsync("messages", mailbox, $"{mailbox.Path}/messages");
                    break;
                case < 13:
                    await ReadAsync("accounts", mailbox, $"/api/{mailbox.Provider.ToSlug()}/accounts");
                    break;
                case < 14:
                    await ReadAsync("health", mailbox, "/api/health/integrations");
                    break;
                default:
                    await SendUntilAcceptedAsync(mailbox, $"w{worker}-{n}-{Guid.NewGuid().ToString("N")[..8]}");
                    break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private async Task ReadAsync(string operation, ClusterMailbox mailbox, string path)
    {
        var started = Now;
        var (status, code, _, _) = await AnswerOfAsync(() => api.GetAsync(path));
        _requests.Enqueue(new TrafficRequest(operation, mailbox, started, Now, status, code, null));
    }

    private async Task SendUntilAcceptedAsync(ClusterMailbox mailbox, string key)
    {
        var send = new KeyedSend(key, mailbox, Now);
        _sends[key] = send;
        while (true)
        {
            var started = Now;
            send.InFlightSince = started;
            var (status, code, id, retryAfter) = await AnswerOfAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{mailbox.Path}/send")
                {
                    Content = JsonContent.Create(new { to = "callee@example.com", subject = SubjectOf(key), body = "Thanks for the call." }),
                };
                request.Headers.Add("Idempotency-Key", key);
                return await api.SendAsync(request);
            });
            var attempt = new TrafficRequest("send", mailbox, started, Now, status, code, key);
            _requests.Enqueue(attempt);
            send.Attempts.Enqueue(attempt);
            send.InFlightSince = null;
            if (status == 200)
            {
                send.Accept(id, Now);
                return;
            }

            // A client gives up on what the API refused (4xx), and on a key that never gets through.
            if (status is >= 400 and < 500 || Now - send.FirstTried > SendDeadline)
            {
                return;
            }

            // Sooner than a long Retry-After asks: with the key, asking again is safe, and the test stays short.
            var pause = retryAfter is { } after && after < LongestRetryPause ? after : LongestRetryPause;
            await Task.Delay(pause);
        }
    }

    /// <summary>Status (null when no answer came), problem code and, for a send, the id and Retry-After of the answer.</summary>
    private static async Task<(int? Status, string? Code, string? Id, TimeSpan? RetryAfter)> AnswerOfAsync(Func<Task<HttpResponseMessage>> call)
    {
        try
        {
            using var response = await call();
            var body = await response.Content.ReadAsStringAsync();
            string? code = null, id = null;
            try
            {
                var json = JsonDocument.Parse(body).RootElement;
                code = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var c) ? c.GetString() : null;
                id = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            }
            catch (JsonException)
            {
                code = "(not json)";
            }

            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : code, id, response.Headers.RetryAfter?.Delta);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, e.GetType().Name, null, null);
        }
    }

    [GeneratedRegex(@"^failover (\S+)$")]
    private static partial Regex SubjectPattern();
}

/// <summary>One request of the traffic: when it started and ended on the traffic's clock, and its answer (a null status: none came).</summary>
public sealed record TrafficRequest(string Operation, ClusterMailbox Mailbox, TimeSpan Started, TimeSpan Ended, int? Status, string? Code, string? IdempotencyKey)
{
    public bool Succeeded => Status == 200;

    /// <summary>A call of the mailbox's own grain (the account list and health read the tenant's directory instead).</summary>
    public bool ReachedMailbox => Operation is "status" or "messages" or "send";

    public TimeSpan Took => Ended - Started;

    /// <summary>"503 send_outcome_unknown", "200", or "no answer (HttpRequestException)".</summary>
    public string Answer => Status is { } status ? $"{status}{(Code is null ? string.Empty : " " + Code)}" : $"no answer ({Code})";
}

/// <summary>A keyed send as a client makes it: one key, tried until the API accepts it.</summary>
public sealed class KeyedSend(string key, ClusterMailbox mailbox, TimeSpan firstTried)
{
    private long _inFlightSinceTicks = -1;

    public string Key { get; } = key;

    public ClusterMailbox Mailbox { get; } = mailbox;

    public TimeSpan FirstTried { get; } = firstTried;

    public ConcurrentQueue<TrafficRequest> Attempts { get; } = new();

    public bool Accepted { get; private set; }

    /// <summary>When the attempt under way started; null between attempts. Read by the test while the worker writes it.</summary>
    public TimeSpan? InFlightSince
    {
        get => Volatile.Read(ref _inFlightSinceTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;
        set => Volatile.Write(ref _inFlightSinceTicks, value?.Ticks ?? -1);
    }

    /// <summary>The message id the accepting answer named (null for Outlook's sendMail, which returns none).</summary>
    public string? AcceptedId { get; private set; }

    public TimeSpan AcceptedAt { get; private set; }

    public void Accept(string? id, TimeSpan at)
    {
        AcceptedId = id;
        AcceptedAt = at;
        Accepted = true;
    }
}
