namespace AiCaller.Email.Grains.Problems;

/// <summary>
/// A failure the caller should hear about as a problem answer. It crosses the grain boundary intact,
/// so the API maps it to problem+json in one place.
/// </summary>
[GenerateSerializer, Alias("AiCaller.Email.MailboxProblemException")]
public sealed class MailboxProblemException : Exception
{
    public MailboxProblemException(ProblemCode code, string detail, int? retryAfterSeconds = null)
        : base(detail)
    {
        Code = code;
        Detail = detail;
        RetryAfterSeconds = retryAfterSeconds;
    }

    [Id(0)]
    public ProblemCode Code { get; }

    [Id(1)]
    public string Detail { get; }

    [Id(2)]
    public int? RetryAfterSeconds { get; }
}
