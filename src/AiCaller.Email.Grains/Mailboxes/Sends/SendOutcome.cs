namespace AiCaller.Email.Grains.Mailboxes.Sends;

public enum SendOutcome
{
    /// <summary>Recorded before the provider was called; whether the message went out is not known yet.</summary>
    Pending,

    /// <summary>The provider took the message; <see cref="SendRecord.Result"/> is what it answered.</summary>
    Sent,
}
