using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Gmail;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Graph;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.ProviderEmulator.RequestLog;
using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Control;

/// <summary>Endpoints tests use to arrange the emulator's state and read back what the product did.</summary>
public static class ControlApi
{
    public static IEndpointRouteBuilder MapControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(RequestTarget.ControlPrefix).ExcludeFromDescription();
        control.MapPost("/reset", Reset);
        control.MapPost("/google/token-lifetime", SetTokenLifetimeAsync);
        control.MapPost("/google/client-secret", SetClientSecretAsync);
        control.MapPost("/google/users/{email}/revoke", (string email, GoogleIdentityStore identity) => Done(() => identity.RevokeUser(email)));
        control.MapPost("/google/users/{email}/expire-access-tokens",
            (string email, GoogleIdentityStore identity) => Done(() => identity.ExpireAccessTokens(email)));
        control.MapGet("/google/stats", (GoogleIdentityStore identity) => Json(identity.Stats()));
        control.MapGet("/google/users/{email}/issued", (string email, GoogleIdentityStore identity) => Json(identity.IssuedTo(email)));
        control.MapPost("/gmail/users/{email}/messages", SeedMessageAsync);
        control.MapGet("/gmail/users/{email}/sent", Sent);
        control.MapPost("/gmail/users/{email}/history/expire", (string email, MailStore mail) => Done(() => mail.GetOrCreate(email).ExpireHistory()));
        control.MapPost("/microsoft/token-lifetime", SetMicrosoftTokenLifetimeAsync);
        control.MapPost("/microsoft/client-secret", SetMicrosoftClientSecretAsync);
        control.MapPost("/microsoft/users/{email}/revoke", (string email, MicrosoftIdentityStore identity) => Done(() => identity.RevokeUser(email)));
        control.MapPost("/microsoft/users/{email}/expire-access-tokens",
            (string email, MicrosoftIdentityStore identity) => Done(() => identity.ExpireAccessTokens(email)));
        control.MapPost("/microsoft/users/{email}/expire-refresh-tokens",
            (string email, MicrosoftIdentityStore identity) => Done(() => identity.ExpireRefreshTokens(email)));
        control.MapPost("/microsoft/users/{email}/personal-account", SetPersonalAccountAsync);
        control.MapGet("/microsoft/stats", (MicrosoftIdentityStore identity) => Json(identity.Stats()));
        control.MapGet("/microsoft/users/{email}/issued", (string email, MicrosoftIdentityStore identity) => Json(identity.IssuedTo(email)));
        control.MapPost("/graph/users/{email}/messages", SeedGraphMessageAsync);
        control.MapGet("/graph/users/{email}/sent", GraphSent);
        control.MapPost("/faults", AddFaultAsync);
        control.MapDelete("/faults", (FaultInjector faults) => Done(faults.Reset));
        control.MapPost("/rate-limits", SetRateLimitAsync);
        control.MapDelete("/rate-limits", (RateLimiter limits) => Done(limits.Reset));
        control.MapGet("/requests", (string? target, RequestJournal journal) => Json(journal.Entries(target)));
        control.MapDelete("/requests", (RequestJournal journal, ConcurrencyMeter concurrency) => Done(() =>
        {
            journal.Clear();
            concurrency.Clear();
        }));
        control.MapGet("/concurrency", (ConcurrencyMeter concurrency) => Json(concurrency.MaxInFlight()));
        return app;
    }

    private static IResult Reset(GoogleIdentityStore identity, MailStore mail, MicrosoftIdentityStore microsoft, GraphMailStore graph,
        FaultInjector faults, RateLimiter limits, RequestJournal journal, ConcurrencyMeter concurrency)
    {
        identity.Reset();
        mail.Reset();
        microsoft.Reset();
        graph.Reset();
        faults.Reset();
        limits.Reset();
        journal.Clear();
        concurrency.Clear();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetTokenLifetimeAsync(HttpContext context, GoogleIdentityStore identity)
    {
        var body = await ReadAsync<TokenLifetimeRequest>(context);
        if (body is null || body.Seconds < 0)
        {
            return TypedResults.BadRequest("seconds must be a non-negative integer");
        }

        identity.SetAccessTokenLifetime(body.Seconds);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetClientSecretAsync(HttpContext context, GoogleIdentityStore identity)
    {
        var body = await ReadAsync<ClientSecretRequest>(context);
        if (string.IsNullOrEmpty(body?.ClientSecret))
        {
            return TypedResults.BadRequest("client_secret is required");
        }

        identity.SetClientSecret(body.ClientSecret);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SeedMessageAsync(string email, HttpContext context, MailStore mail, TimeProvider clock)
    {
        var body = await ReadAsync<SeedMessageRequest>(context);
        if (body is null || string.IsNullOrEmpty(body.From) || body.To is null)
        {
            return TypedResults.BadRequest("from, to and subject are required");
        }

        MimeMessage message;
        try
        {
            message = SeedMessageBuilder.Build(body, clock.GetUtcNow());
        }
        catch (Exception e) when (e is ParseException or FormatException)
        {
            return TypedResults.BadRequest(e.Message);
        }

        var stored = mail.Add(email, SeedMessageBuilder.ToBytes(message), message, body.Labels ?? ["INBOX", "UNREAD"],
            body.Date ?? clock.GetUtcNow(), null, MessageOrigin.Seeded);
        return Json(new SeededMessage(stored.IdHex, stored.ThreadId));
    }

    private static IResult Sent(string email, MailStore mail) => Json(
        (mail.Find(email)?.NewestFirst() ?? []).Where(m => m.Origin == MessageOrigin.Sent).Reverse()
            .Select(m => new SentMessage(m.IdHex, m.ThreadId, Convert.ToBase64String(m.Received))).ToArray());

    private static async Task<IResult> SetMicrosoftTokenLifetimeAsync(HttpContext context, MicrosoftIdentityStore identity)
    {
        var body = await ReadAsync<TokenLifetimeRequest>(context);
        if (body is null || body.Seconds < 0)
        {
            return TypedResults.BadRequest("seconds must be a non-negative integer");
        }

        identity.SetAccessTokenLifetime(body.Seconds);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetMicrosoftClientSecretAsync(HttpContext context, MicrosoftIdentityStore identity)
    {
        var body = await ReadAsync<ClientSecretRequest>(context);
        if (string.IsNullOrEmpty(body?.ClientSecret))
        {
            return TypedResults.BadRequest("client_secret is required");
        }

        identity.SetClientSecret(body.ClientSecret);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetPersonalAccountAsync(string email, HttpContext context, MicrosoftIdentityStore identity)
    {
        var body = await ReadAsync<PersonalAccountRequest>(context);
        if (body is null)
        {
            return TypedResults.BadRequest("personal (true or false) is required");
        }

        identity.SetPersonalAccount(email, body.Personal);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SeedGraphMessageAsync(string email, HttpContext context, GraphMailStore store, TimeProvider clock)
    {
        var body = await ReadAsync<GraphSeedMessageRequest>(context);
        if (body is null || string.IsNullOrEmpty(body.From) || body.To is null)
        {
            return TypedResults.BadRequest("from, to and subject are required");
        }

        if (!GraphFolders.All.Contains(body.Folder))
        {
            return TypedResults.BadRequest($"folder must be one of {string.Join(", ", GraphFolders.All)}");
        }

        GraphMessage message;
        try
        {
            message = GraphSeedMessageBuilder.Build(store, store.GetOrCreate(email), body, clock.GetUtcNow());
        }
        catch (Exception e) when (e is ParseException or FormatException)
        {
            return TypedResults.BadRequest(e.Message);
        }

        store.GetOrCreate(email).Add(message);
        return Json(new SeededGraphMessage(message.Id, message.ConversationId));
    }

    private static IResult GraphSent(string email, GraphMailStore store)
    {
        var mailbox = store.Find(email);
        return Json((mailbox?.Sent() ?? []).Select(s => new GraphSentMessage(s.Via, s.RequestJson, s.SendRequestJson, s.SavedToSentItems,
            s.SavedToSentItems ? s.Message.Id : null,
            System.Text.Json.JsonSerializer.SerializeToElement(GraphMessageJson.Render(s.Message, mailbox!,
                new GraphView(null, null, true, ExtendedPropertyExpansion.All), ""),
                GraphResponses.Options))).ToArray());
    }

    private static async Task<IResult> AddFaultAsync(HttpContext context, FaultInjector faults)
    {
        var rule = await ReadAsync<FaultRule>(context);
        if (rule is null || string.IsNullOrEmpty(rule.Target) || rule.Count < 1
            || (rule.Status == 0 && (rule.DelayMs is null or <= 0) && !rule.AfterHandling))
        {
            return TypedResults.BadRequest("target and count >= 1 are required; status 0 needs delay_ms, drop_after_handling, hold_after_handling_ms or body");
        }

        if (rule.Status != 0 && rule.AfterHandling)
        {
            return TypedResults.BadRequest("drop_after_handling and hold_after_handling_ms need status 0: the real endpoint answers");
        }

        faults.Add(rule);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetRateLimitAsync(HttpContext context, RateLimiter limits)
    {
        var rule = await ReadAsync<RateLimitRule>(context);
        if (rule is null || string.IsNullOrEmpty(rule.Target) || rule.Target == RequestTarget.Control || rule.PerSecond < 1
            || rule.RetryAfterSeconds < 0)
        {
            return TypedResults.BadRequest("target (not control) and per_second >= 1 are required; retry_after_seconds must not be negative");
        }

        limits.Set(rule);
        return TypedResults.NoContent();
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(ControlJson.Options, context.RequestAborted);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static IResult Json<T>(T value) => TypedResults.Json(value, ControlJson.Options);

    private static IResult Done(Action action)
    {
        action();
        return TypedResults.NoContent();
    }
}
