namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>A connect link's token (see <see cref="Security.ConnectLinkCodec"/>) and when it stops working.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.ConnectLink")]
public sealed record ConnectLink(string Token, DateTimeOffset ExpiresAt);

/// <summary>What a mailbox says of one of its connect links.</summary>
public enum ConnectLinkStatus
{
    /// <summary>Issued, not used, not expired.</summary>
    Usable,

    /// <summary>Opened once already: a link works once.</summary>
    Used,

    Expired,

    /// <summary>Not one this mailbox issued, or the mailbox was deleted since.</summary>
    Unknown,
}

/// <summary>The link's status and, when it was usable and has just been spent, the consent it started.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.ConnectLinkOpening")]
public sealed record ConnectLinkOpening(ConnectLinkStatus Status, ConnectStart? Start = null);
