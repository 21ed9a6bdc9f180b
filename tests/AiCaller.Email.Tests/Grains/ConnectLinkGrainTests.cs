using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Grains;

/// <summary>The mailbox grain's side of connect links and return URLs, on Orleans' TestingHost.</summary>
public sealed class ConnectLinkGrainTests(MailboxClusterFixture fixture) : IClassFixture<MailboxClusterFixture>
{
    private const string Callback = "http://localhost/api/gmail/oauth/callback";
    private const string ResultPage = "http://localhost/connect/done";

    private static MailboxKey NewKey() => MailboxKey.Create(ProviderName.Gmail, "links", TestWorld.NewAccount());

    [Fact]
    public async Task Openings_of_one_link_at_once_start_exactly_one_consent()
    {
        var key = NewKey();
        var nonce = NonceOf(await fixture.Mailbox(key).CreateConnectLinkAsync(null, TimeSpan.FromMinutes(30)));

        var openings = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => fixture.Mailbox(key).OpenConnectLinkAsync(nonce, Callback, ResultPage)));

        Assert.Single(openings, o => o.Start is not null);
        Assert.All(openings.Where(o => o.Start is null), o => Assert.Equal(ConnectLinkStatus.Used, o.Status));
        Assert.Equal(ConnectLinkStatus.Used, await fixture.Mailbox(key).CheckConnectLinkAsync(nonce));
    }

    [Fact]
    public async Task A_links_consent_returns_to_its_return_url_or_else_to_the_result_page()
    {
        var key = NewKey();
        var withReturn = NonceOf(await fixture.Mailbox(key).CreateConnectLinkAsync("https://app.example.com/back", TimeSpan.FromMinutes(30)));
        var plain = NonceOf(await fixture.Mailbox(key).CreateConnectLinkAsync(null, TimeSpan.FromMinutes(30)));

        Assert.Equal("https://app.example.com/back", await AbandonAsync(key, await fixture.Mailbox(key).OpenConnectLinkAsync(withReturn, Callback, ResultPage)));
        Assert.Equal(ResultPage, await AbandonAsync(key, await fixture.Mailbox(key).OpenConnectLinkAsync(plain, Callback, ResultPage)));
    }

    [Fact]
    public async Task A_refused_consent_is_spent_and_leaves_the_mailbox_as_it_was()
    {
        var key = NewKey();
        var email = TestWorld.NewEmail();
        await fixture.ConnectAsync(key, email);
        var start = await fixture.Mailbox(key).StartConnectAsync(Callback, "/");
        Assert.True(fixture.SiloService<OAuthStateCodec>().TryUnprotect(StateOf(start.AuthUrl), out _, out var nonce));

        Assert.Equal("/", await fixture.Mailbox(key).AbandonConnectAsync(nonce!));
        var again = await Assert.ThrowsAsync<MailboxProblemException>(() => fixture.Mailbox(key).AbandonConnectAsync(nonce!));

        Assert.Equal(ProblemCode.InvalidRequest, again.Code);
        var status = await fixture.Mailbox(key).GetStatusAsync();
        Assert.Equal((MailboxStatusKind.Connected, email), (status.Status, status.Email));
    }

    [Fact]
    public async Task Disconnecting_a_mailbox_ends_its_links_and_an_unknown_nonce_stores_nothing()
    {
        var key = NewKey();
        var nonce = NonceOf(await fixture.Mailbox(key).CreateConnectLinkAsync(null, TimeSpan.FromMinutes(30)));
        Assert.Equal(ConnectLinkStatus.Usable, await fixture.Mailbox(key).CheckConnectLinkAsync(nonce));

        await fixture.Mailbox(key).DisconnectAsync();

        Assert.Equal(ConnectLinkStatus.Unknown, await fixture.Mailbox(key).CheckConnectLinkAsync(nonce));
        var opening = await fixture.Mailbox(key).OpenConnectLinkAsync(nonce, Callback, ResultPage);
        Assert.Equal((ConnectLinkStatus.Unknown, (ConnectStart?)null), (opening.Status, opening.Start));
        var listed = await fixture.Grains.GetGrain<AiCaller.Email.Grains.Tenants.ITenantDirectoryGrain>(key.Tenant).ListAsync(ProviderName.Gmail, 1000, null);
        Assert.DoesNotContain(listed.Accounts, a => a.Account == key.Account);
    }

    private async Task<string?> AbandonAsync(MailboxKey key, ConnectLinkOpening opening)
    {
        Assert.NotNull(opening.Start);
        Assert.True(fixture.SiloService<OAuthStateCodec>().TryUnprotect(StateOf(opening.Start.AuthUrl), out _, out var nonce));
        return await fixture.Mailbox(key).AbandonConnectAsync(nonce!);
    }

    private string NonceOf(ConnectLink link)
    {
        Assert.True(fixture.SiloService<ConnectLinkCodec>().TryUnprotect(link.Token, out _, out var nonce));
        return nonce!;
    }

    private static string StateOf(string authUrl) => System.Web.HttpUtility.ParseQueryString(new Uri(authUrl).Query)["state"]!;
}
