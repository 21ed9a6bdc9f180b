using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// How a consent ended: <see cref="Connected"/>, or <see cref="Failure"/>, and where the browser that began it is to be
/// sent back to (<see cref="ReturnUrl"/>; null when the callback answers it itself).
/// </summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.ConnectOutcome")]
public sealed record ConnectOutcome(ConnectResult? Connected, ConnectFailure? Failure, string? ReturnUrl);

/// <summary>Why a consent did not connect the mailbox: a problem as an API client would receive it.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.ConnectFailure")]
public sealed record ConnectFailure(ProblemCode Code, string Detail, int? RetryAfterSeconds = null)
{
    public static ConnectFailure From(MailboxProblemException problem) => new(problem.Code, problem.Detail, problem.RetryAfterSeconds);
}
