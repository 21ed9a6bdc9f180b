using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Tests.Grains;

public sealed class MailboxKeyTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("agent-7")]
    [InlineData("ana@example.com")]
    [InlineData("a.b_c+d")]
    [InlineData("A")]
    public void Valid_ids_round_trip_through_the_grain_key(string account)
    {
        var key = MailboxKey.Create(ProviderName.Gmail, "tenant-a", account);

        Assert.Equal($"gmail/tenant-a/{account}", key.ToGrainKey());
        Assert.Equal(key, MailboxKey.ParseGrainKey(key.ToGrainKey()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    [InlineData("é")]
    [InlineData("abc\n")]
    public void Invalid_ids_are_refused(string account)
    {
        Assert.False(MailboxKey.IsValidIdentifier(account));
        Assert.Throws<ArgumentException>(() => MailboxKey.Create(ProviderName.Gmail, "tenant-a", account));
    }

    [Fact]
    public void An_id_of_129_characters_is_refused()
    {
        Assert.True(MailboxKey.IsValidIdentifier(new string('a', 128)));
        Assert.False(MailboxKey.IsValidIdentifier(new string('a', 129)));
    }

    [Theory]
    [InlineData("gmail/t")]
    [InlineData("gmail/t/a/b")]
    [InlineData("yahoo/t/a")]
    [InlineData("gmail//a")]
    public void Malformed_grain_keys_do_not_parse(string key) => Assert.False(MailboxKey.TryParseGrainKey(key, out _));
}
