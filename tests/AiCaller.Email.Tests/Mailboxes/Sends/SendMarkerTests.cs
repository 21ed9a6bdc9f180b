using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;

namespace AiCaller.Email.Tests.Mailboxes.Sends;

public sealed class SendMarkerTests
{
    private static readonly MailboxKey Mailbox = MailboxKey.Create(ProviderName.Gmail, "tenant-a", "agent-7");
    private static readonly DateTimeOffset RecordedAt = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_keyed_marker_is_the_same_for_the_same_record_and_differs_for_any_other()
    {
        var marker = SendMarker.ForKey(Mailbox, "call-4711", RecordedAt, "ana@example.com");

        Assert.Equal(marker, SendMarker.ForKey(Mailbox, "call-4711", RecordedAt, "ana@example.com"));
        Assert.NotEqual(marker, SendMarker.ForKey(Mailbox, "call-4712", RecordedAt, "ana@example.com"));
        Assert.NotEqual(marker, SendMarker.ForKey(Mailbox, "call-4711", RecordedAt.AddDays(1), "ana@example.com"));
        Assert.NotEqual(marker, SendMarker.ForKey(MailboxKey.Create(ProviderName.Gmail, "tenant-b", "agent-7"), "call-4711", RecordedAt, "ana@example.com"));
    }

    [Fact]
    public void A_marker_is_a_message_id_on_the_senders_domain_that_reveals_neither_key_nor_mailbox()
    {
        var marker = SendMarker.ForKey(Mailbox, "call-4711", RecordedAt, "ana@example.com");

        Assert.Matches(@"^<[0-9a-f]{32}\.aicaller@example\.com>$", marker);
        Assert.DoesNotContain("call-4711", marker);
        Assert.DoesNotContain("agent-7", marker);
        Assert.DoesNotContain("ana@", marker);
    }

    [Fact]
    public void Without_a_known_address_the_marker_uses_the_products_domain_and_unkeyed_markers_never_repeat()
    {
        Assert.EndsWith("@aicaller.email>", SendMarker.ForKey(Mailbox, "k", RecordedAt, string.Empty));
        Assert.NotEqual(SendMarker.Random("ana@example.com"), SendMarker.Random("ana@example.com"));
        Assert.Matches(@"^<[0-9a-f]{32}\.aicaller@example\.com>$", SendMarker.Random("ana@example.com"));
    }
}
