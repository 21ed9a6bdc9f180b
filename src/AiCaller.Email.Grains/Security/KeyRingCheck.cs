using System.Security.Cryptography;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Tenants;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// Notices at start that the encryption keys are not the ones the stored data was written with (the key ring was
/// lost, or the certificate that opens it changed): a marker protected with the keys of the last start no longer
/// decrypts. Then every listed mailbox is shown as an error that says so, once, and the operator is told what to do.
/// </summary>
public sealed class KeyRingCheck(
    HostFacts facts, IDataProtectionProvider dataProtection, MailboxDirectory directory, TimeProvider clock, ILogger<KeyRingCheck> logger)
{
    private const string MarkerFact = "key_ring_marker";
    private const string MarkerText = "AiCaller.Email key ring marker";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("AiCaller.Email.KeyRingMarker.v1");

    public async Task RunAsync()
    {
        var marker = await facts.GetAsync(MarkerFact);
        if (marker is not null && Opens(marker))
        {
            return;
        }

        if (marker is not null)
        {
            var now = clock.GetUtcNow();
            var mailboxes = await directory.MarkAllUnreadableAsync(StateUnreadable.Error(now), now);
            if (mailboxes > 0)
            {
                logger.LogError(
                    "The encryption keys are not the ones this data was written with (the key ring was lost, or DATA_PROTECTION_CERTIFICATE_FILE changed): "
                    + "the stored tokens of {Mailboxes} mailboxes cannot be decrypted. They answer 409 state_unreadable and count as errors until they are "
                    + "connected again (or deleted). If the keys were lost by mistake, stop the host and restore the database (its data_protection_keys table) "
                    + "and the certificate from a backup instead",
                    mailboxes);
            }
            else
            {
                logger.LogWarning("The encryption keys changed since the last start; no stored mailbox was affected");
            }
        }

        await facts.SetAsync(MarkerFact, _protector.Protect(MarkerText));
    }

    private bool Opens(string marker)
    {
        try
        {
            return _protector.Unprotect(marker) == MarkerText;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
