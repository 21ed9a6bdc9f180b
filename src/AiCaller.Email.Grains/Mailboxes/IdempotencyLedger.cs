using System.Security.Cryptography;
using System.Text.Json;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// The sends a mailbox made with an Idempotency-Key: a retry with the same payload gets the first result,
/// another payload under the same key is a conflict, and a duplicate arriving mid-send waits for the first.
/// </summary>
public sealed class IdempotencyLedger(List<IdempotencyRecord> records, TimeSpan window)
{
    private readonly Dictionary<string, (string Hash, Task<SendResult> Send)> _inFlight = new(StringComparer.Ordinal);

    public static string HashOf(SendMailRequest request) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

    /// <summary>
    /// Runs <paramref name="send"/> once per key; <paramref name="recorded"/> persists the new record.
    /// </summary>
    public async Task<SendResult> RunAsync(
        string key, string payloadHash, DateTimeOffset now, Func<Task<SendResult>> send, Func<Task> recorded)
    {
        records.RemoveAll(r => now - r.CreatedAt > window);
        var known = records.Find(r => r.Key == key);
        if (known is not null)
        {
            return known.PayloadHash == payloadHash ? known.Result : throw Conflict(key);
        }

        if (_inFlight.TryGetValue(key, out var running))
        {
            return running.Hash == payloadHash ? await running.Send : throw Conflict(key);
        }

        var sending = send();
        _inFlight[key] = (payloadHash, sending);
        try
        {
            var result = await sending;
            records.Add(new IdempotencyRecord(key, payloadHash, result, now));
            await recorded();
            return result;
        }
        finally
        {
            _inFlight.Remove(key);
        }
    }

    private static MailboxProblemException Conflict(string key) =>
        new(ProblemCode.IdempotencyConflict, $"Idempotency-Key '{key}' was already used with a different payload");
}
