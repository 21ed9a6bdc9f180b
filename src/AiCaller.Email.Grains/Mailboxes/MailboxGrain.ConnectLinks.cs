using AiCaller.Email.Grains.Security;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// Connect links: single-use, time-limited links a tenant hands to the owner of a mailbox, who opens one in a browser
/// without an API key. The token names this mailbox; this grain keeps its nonce in the mailbox's state, so that a link
/// survives a restart and works once.
/// </summary>
public sealed partial class MailboxGrain
{
    /// <summary>Links kept per mailbox (used ones until they expire); beyond it the oldest stops working.</summary>
    private const int MaxConnectLinks = 20;

    public async Task<ConnectLink> CreateConnectLinkAsync(string? returnUrl, TimeSpan lifetime)
    {
        ConfiguredProvider();
        var nonce = ConnectLinkCodec.NewNonce();
        var expiresAt = Now + lifetime;

        State.ConnectLinks.RemoveAll(l => l.ExpiresAt <= Now);
        if (State.ConnectLinks.Count >= MaxConnectLinks)
        {
            State.ConnectLinks.RemoveAt(0);
        }

        await EnsureListedAsync();
        State.ConnectLinks.Add(new IssuedConnectLink(nonce, returnUrl, expiresAt, Used: false));
        await WriteStateAsync();
        return new ConnectLink(linkCodec.Protect(_key, nonce, expiresAt), expiresAt);
    }

    public Task<ConnectLinkStatus> CheckConnectLinkAsync(string nonce)
    {
        if (!state.RecordExists)
        {
            RetireSoonIfUnstored();
        }

        return Task.FromResult(StatusOf(FindLink(nonce)));
    }

    public async Task<ConnectLinkOpening> OpenConnectLinkAsync(string nonce, string redirectUri, string resultPageUrl)
    {
        var index = FindLink(nonce);
        var status = StatusOf(index);
        if (status != ConnectLinkStatus.Usable)
        {
            return new ConnectLinkOpening(status);
        }

        // Spent before the first await: this grain is reentrant, and a second opening of the same link must find it used.
        var link = State.ConnectLinks[index];
        State.ConnectLinks[index] = link with { Used = true };
        try
        {
            return new ConnectLinkOpening(ConnectLinkStatus.Usable, await StartConnectAsync(redirectUri, link.ReturnUrl ?? resultPageUrl));
        }
        catch
        {
            // Nothing was started (the provider lost its configuration, say): the link keeps working.
            var again = FindLink(nonce);
            if (again >= 0)
            {
                State.ConnectLinks[again] = State.ConnectLinks[again] with { Used = false };
            }

            throw;
        }
    }

    private int FindLink(string nonce) => State.ConnectLinks.FindIndex(l => CryptographicEquals(l.Nonce, nonce));

    private ConnectLinkStatus StatusOf(int index) => index < 0 ? ConnectLinkStatus.Unknown
        : State.ConnectLinks[index].Used ? ConnectLinkStatus.Used
        : State.ConnectLinks[index].ExpiresAt <= Now ? ConnectLinkStatus.Expired
        : ConnectLinkStatus.Usable;
}
