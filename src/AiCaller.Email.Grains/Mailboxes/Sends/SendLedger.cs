using System.Security.Cryptography;
using System.Text.Json;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers.Http;
using AiCaller.Email.Grains.Providers.Resilience;

namespace AiCaller.Email.Grains.Mailboxes.Sends;

/// <summary>
/// Sends a mailbox's messages at most once, and exactly once per Idempotency-Key: a keyed send is recorded as pending
/// before the provider is called and completed after; a retry that finds it pending asks the provider for the
/// message's marker before it sends again, and sends only when the provider has none and has had time to file it.
/// A provider POST is never retried once it may have reached the provider.
/// </summary>
public sealed class SendLedger(MailboxKey mailbox, SendRecordStore records, MailboxOptions options, TimeProvider clock)
{
    private readonly Dictionary<string, (string Hash, Task<SendResult> Send)> _inFlight = new(StringComparer.Ordinal);

    public static string HashOf(SendMailRequest request) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

    /// <param name="sender">Called only when the provider is needed, so that a retry of a finished send needs no connection.</param>
    public async Task<SendResult> SendAsync(SendMailRequest request, string? idempotencyKey, Func<IMailSender> sender)
    {
        if (idempotencyKey is null)
        {
            return await SendAtMostOnceAsync(sender());
        }

        var hash = HashOf(request);
        if (_inFlight.TryGetValue(idempotencyKey, out var running))
        {
            // A duplicate that arrives while the first is sending waits for it.
            return running.Hash == hash ? await running.Send : throw Conflict(idempotencyKey);
        }

        var sending = SendKeyedAsync(idempotencyKey, hash, sender);
        _inFlight[idempotencyKey] = (hash, sending);
        try
        {
            return await sending;
        }
        finally
        {
            _inFlight.Remove(idempotencyKey);
        }
    }

    private async Task<SendResult> SendAtMostOnceAsync(IMailSender sender)
    {
        var marker = SendMarker.Random(sender.Address);
        var attemptedAt = clock.GetUtcNow();
        try
        {
            return await sender.SendAsync(marker);
        }
        catch (MailboxProblemException unknown) when (unknown.Code == ProblemCode.SendOutcomeUnknown)
        {
            SendResult? found = null;
            try
            {
                found = await sender.FindAsync(marker, attemptedAt);
            }
            catch (MailboxProblemException)
            {
                // The answer below says as much as can be said.
            }

            return found ?? throw new MailboxProblemException(ProblemCode.ProviderError,
                $"{unknown.Detail}. The message may have been sent, so it was not sent again; send with an Idempotency-Key to make a retry safe");
        }
    }

    private async Task<SendResult> SendKeyedAsync(string idempotencyKey, string hash, Func<IMailSender> senderOf)
    {
        var now = clock.GetUtcNow();
        var record = await records.FindAsync(mailbox, idempotencyKey, now - options.IdempotencyWindow);
        if (record is not null && record.PayloadHash != hash)
        {
            throw Conflict(idempotencyKey);
        }

        if (record is { Outcome: SendOutcome.Sent })
        {
            return record.Result!;
        }

        var sender = senderOf();
        string marker;
        if (record is null)
        {
            marker = SendMarker.ForKey(mailbox, idempotencyKey, now, sender.Address);
            await records.AddPendingAsync(
                mailbox, new SendRecord(idempotencyKey, hash, marker, SendOutcome.Pending, null, now, now),
                options.MaxSendRecordsPerMailbox, now - options.IdempotencyWindow);
        }
        else
        {
            // An earlier attempt's outcome is unknown: the host died or the connection broke in the middle of it.
            if (await FindOrExplainAsync(idempotencyKey, record.Marker, record.AttemptedAt, sender) is { } found)
            {
                return found;
            }

            var settled = SettledAt(record);
            if (now < settled)
            {
                throw OutcomeUnknown("The provider does not have the message of the earlier attempt yet, but may still file it", settled - now);
            }

            await records.MarkAttemptAsync(mailbox, idempotencyKey, now);
            marker = record.Marker;
        }

        return await SendRecordedAsync(idempotencyKey, marker, now, sender);
    }

    private async Task<SendResult> SendRecordedAsync(string idempotencyKey, string marker, DateTimeOffset attemptedAt, IMailSender sender)
    {
        SendResult result;
        try
        {
            result = await sender.SendAsync(marker);
        }
        catch (MailboxProblemException unknown) when (unknown.Code == ProblemCode.SendOutcomeUnknown)
        {
            var endedAt = clock.GetUtcNow();
            await records.MarkUnknownAsync(mailbox, idempotencyKey, endedAt);
            if (await FindOrExplainAsync(idempotencyKey, marker, attemptedAt, sender) is { } found)
            {
                return found;
            }

            throw OutcomeUnknown(unknown.Detail, endedAt + options.SendSettleTime - clock.GetUtcNow());
        }
        catch (MailboxProblemException)
        {
            // The provider refused it, or it never left: nothing was sent, and a retry may send.
            await records.DeleteAsync(mailbox, idempotencyKey);
            throw;
        }

        await records.CompleteAsync(mailbox, idempotencyKey, result);
        return result;
    }

    /// <summary>
    /// When the provider's "not found" is believed: the settle time after the attempt was seen to fail, or, when the
    /// host died during it, after the longest the attempt could have lasted.
    /// </summary>
    private DateTimeOffset SettledAt(SendRecord record) =>
        (record.UnknownSince ?? record.AttemptedAt + ProviderRequests.Timeout) + options.SendSettleTime;

    /// <summary>The provider's copy of the message with the marker, recorded as the send's result; null when it has none.</summary>
    private async Task<SendResult?> FindOrExplainAsync(string idempotencyKey, string marker, DateTimeOffset attemptedAt, IMailSender sender)
    {
        SendResult? found;
        try
        {
            found = await sender.FindAsync(marker, attemptedAt);
        }
        catch (MailboxProblemException e) when (e.Code != ProblemCode.StateUnreadable)
        {
            throw OutcomeUnknown($"Whether the earlier attempt was sent cannot be asked now ({e.Detail})", e.RetryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : RetryAfter.Unsaid);
        }

        if (found is not null)
        {
            await records.CompleteAsync(mailbox, idempotencyKey, found);
        }

        return found;
    }

    private static MailboxProblemException OutcomeUnknown(string why, TimeSpan retryAfter) =>
        new(ProblemCode.SendOutcomeUnknown,
            $"{why}. Nothing was sent again; retry with the same Idempotency-Key and the provider is asked first",
            Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));

    private static MailboxProblemException Conflict(string key) =>
        new(ProblemCode.IdempotencyConflict, $"Idempotency-Key '{key}' was already used with a different payload");
}
