using System.Diagnostics;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>
/// A provider seen from outside: each operation that reaches the provider is counted, timed and traced as a span, under
/// which HttpClient's spans of its requests nest. Nothing of the operation's input or output is recorded: no token, no
/// message, no address.
/// </summary>
public sealed class InstrumentedMailProvider(IMailProvider provider, ProviderMetrics metrics) : IMailProvider
{
    private readonly string _slug = provider.Name.ToSlug();

    /// <summary>The registered <typeparamref name="TProvider"/>, instrumented.</summary>
    public static IMailProvider Of<TProvider>(IServiceProvider services) where TProvider : IMailProvider =>
        new InstrumentedMailProvider(services.GetRequiredService<TProvider>(), services.GetRequiredService<ProviderMetrics>());

    public ProviderName Name => provider.Name;

    public ProviderConfiguration Configuration => provider.Configuration;

    // Builds a URL; nothing is sent.
    public Task<AuthorizationRequest> CreateAuthorizationRequestAsync(string redirectUri, string state, CancellationToken cancellationToken) =>
        provider.CreateAuthorizationRequestAsync(redirectUri, state, cancellationToken);

    public Task<TokenSet> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.Exchange, () => provider.ExchangeCodeAsync(code, codeVerifier, redirectUri, cancellationToken));

    public Task<TokenSet> RefreshAsync(TokenSet tokens, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.Refresh, () => provider.RefreshAsync(tokens, cancellationToken));

    // Microsoft has no revocation of delegated grants: a provider without one sends nothing, and nothing is counted.
    public Task<bool> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.Revoke, () => provider.RevokeAsync(tokens, cancellationToken), revoked => revoked);

    // Reads a local file.
    public Task<TokenSet?> ReadSeedTokenAsync(CancellationToken cancellationToken) => provider.ReadSeedTokenAsync(cancellationToken);

    public Task<string> GetMailboxAddressAsync(IMailboxSession session, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.Profile, () => provider.GetMailboxAddressAsync(session, cancellationToken));

    public Task<SendResult> SendAsync(
        IMailboxSession session, string fromAddress, SendMailRequest request, string marker, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.Send, () => provider.SendAsync(session, fromAddress, request, marker, cancellationToken));

    public Task<SendResult?> FindSentAsync(IMailboxSession session, string marker, DateTimeOffset attemptedAt, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.Lookup, () => provider.FindSentAsync(session, marker, attemptedAt, cancellationToken));

    public Task<MessageList> ListMessagesAsync(IMailboxSession session, MessageListQuery query, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.List, () => provider.ListMessagesAsync(session, query, cancellationToken));

    public Task<MessageDetail> GetMessageAsync(IMailboxSession session, string messageId, CancellationToken cancellationToken) =>
        MeasureAsync(ProviderOperation.Get, () => provider.GetMessageAsync(session, messageId, cancellationToken));

    /// <param name="sent">Whether a result means the provider was called at all; by default every call is.</param>
    private async Task<T> MeasureAsync<T>(string operation, Func<Task<T>> call, Func<T, bool>? sent = null)
    {
        using var activity = EmailTelemetry.Source.StartActivity($"{_slug} {operation}");
        activity?.SetTag(EmailTelemetry.SpanProvider, _slug);
        activity?.SetTag(EmailTelemetry.SpanOperation, operation);
        var started = Stopwatch.GetTimestamp();
        var outcome = ProviderOutcome.Ok;
        var counted = true;
        try
        {
            var result = await call();
            counted = sent?.Invoke(result) ?? true;
            return result;
        }
        catch (Exception e)
        {
            outcome = ProviderOutcome.Of(e, operation);

            // The code only: a provider's error message may quote what it was sent.
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        finally
        {
            activity?.SetTag(EmailTelemetry.SpanOutcome, outcome);
            if (counted)
            {
                metrics.RecordCall(provider.Name, operation, outcome, Stopwatch.GetElapsedTime(started));
            }
        }
    }
}
