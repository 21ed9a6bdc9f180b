namespace AiCaller.Email.Grains.Providers;

/// <summary>
/// What a provider gets from the mailbox grain for its REST calls: a fresh access token per call,
/// the mailbox's concurrency gate, and one forced refresh plus one retry when the provider answers 401.
/// </summary>
public interface IMailboxSession
{
    Task<T> CallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken);
}
