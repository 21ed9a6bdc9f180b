using System.ComponentModel;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Tenants;

namespace AiCaller.Email.Api.Contracts;

// The JSON the API answers with, snake_case on the wire (see Program's JSON options).

public sealed record AuthUrlResponse(string AuthUrl, DateTimeOffset ExpiresAt);

public sealed record LastErrorResponse(string Code, string Message, DateTimeOffset At)
{
    public static LastErrorResponse? From(MailboxError? error) => error is null ? null : new(error.Code, error.Message, error.At);
}

public sealed record StatusResponse(
    string Provider,
    string Account,
    [property: Description("connected, disconnected, not_configured or error")] string Status,
    string? Email,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastRefreshedAt,
    LastErrorResponse? LastError)
{
    public static StatusResponse From(MailboxStatus status) => new(
        status.Provider.ToSlug(),
        status.Account,
        status.Status.ToSlug(),
        status.Email,
        status.Scopes,
        status.ExpiresAt,
        status.LastRefreshedAt,
        LastErrorResponse.From(status.LastError));
}

public sealed record ConnectedResponse(string Status, string Provider, string Account, string Email);

public sealed record SendResponse(string? Id, string? ThreadId, string Provider, string Account);

public sealed record AccountResponse(
    string Provider, string Account, string Status, string? Email, LastErrorResponse? LastError, DateTimeOffset? LastRefreshedAt)
{
    public static AccountResponse From(MailboxSummary summary) => new(
        summary.Provider.ToSlug(),
        summary.Account,
        summary.Status.ToSlug(),
        summary.Email,
        LastErrorResponse.From(summary.LastError),
        summary.LastRefreshedAt);
}

public sealed record AccountsResponse(IReadOnlyList<AccountResponse> Accounts, string? NextPageToken);

public sealed record ProviderHealthResponse(string Status, IReadOnlyDictionary<string, long> Accounts);

public sealed record IntegrationsHealthResponse(string Status, IReadOnlyDictionary<string, ProviderHealthResponse> Integrations);
