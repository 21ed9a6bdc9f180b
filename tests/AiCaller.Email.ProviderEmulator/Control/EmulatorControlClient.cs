using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Control;

/// <summary>Typed client for the emulator's /_emulator control endpoints, over real HTTP.</summary>
public sealed partial class EmulatorControlClient(HttpClient http)
{
    /// <summary>
    /// Forgets users, tokens, codes, mailboxes (Gmail and Graph), faults, rate limits and the request log, and restores the default
    /// Google and Microsoft apps and lifetimes.
    /// </summary>
    public Task ResetAsync(CancellationToken ct = default) => PostAsync("reset", null, ct);

    /// <summary>Lifetime (expires_in) of access tokens issued from now on.</summary>
    public Task SetTokenLifetimeAsync(int seconds, CancellationToken ct = default) =>
        PostAsync("google/token-lifetime", new TokenLifetimeRequest(seconds), ct);

    /// <summary>Changes the registered client's secret, so a product still using the old one gets invalid_client.</summary>
    public Task SetClientSecretAsync(string clientSecret, CancellationToken ct = default) =>
        PostAsync("google/client-secret", new ClientSecretRequest(clientSecret), ct);

    /// <summary>Revokes every grant of the user: refresh gives invalid_grant, access tokens give 401.</summary>
    public Task RevokeUserAsync(string email, CancellationToken ct = default) =>
        PostAsync($"google/users/{Uri.EscapeDataString(email)}/revoke", null, ct);

    /// <summary>Makes the user's current access tokens expired now, whatever expires_in said.</summary>
    public Task ExpireAccessTokensAsync(string email, CancellationToken ct = default) =>
        PostAsync($"google/users/{Uri.EscapeDataString(email)}/expire-access-tokens", null, ct);

    public async Task<GoogleStats> GetGoogleStatsAsync(CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<GoogleStats>("_emulator/google/stats", ControlJson.Options, ct))!;

    /// <summary>Every authorization code, access token and refresh token Google's side issued to the user.</summary>
    public async Task<IssuedCredentials> GetIssuedCredentialsAsync(string email, CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<IssuedCredentials>($"_emulator/google/users/{Uri.EscapeDataString(email)}/issued", ControlJson.Options, ct))!;

    /// <summary>Puts a message in the user's mailbox (creating the user if needed).</summary>
    public async Task<SeededMessage> SeedMessageAsync(string email, SeedMessageRequest message, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync($"_emulator/gmail/users/{Uri.EscapeDataString(email)}/messages", message, ControlJson.Options, ct);
        await EnsureSuccessAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<SeededMessage>(ControlJson.Options, ct))!;
    }

    /// <summary>Messages the user sent through the Gmail API, oldest first, with their raw MIME exactly as received.</summary>
    public async Task<IReadOnlyList<SentMessage>> GetSentAsync(string email, CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<SentMessage[]>($"_emulator/gmail/users/{Uri.EscapeDataString(email)}/sent", ControlJson.Options, ct))!;

    /// <summary>Forgets the user's history so far: users.history.list from an older id then answers 404.</summary>
    public Task ExpireHistoryAsync(string email, CancellationToken ct = default) =>
        PostAsync($"gmail/users/{Uri.EscapeDataString(email)}/history/expire", null, ct);

    /// <summary>Lifetime (expires_in) of Microsoft access tokens issued from now on.</summary>
    public Task SetMicrosoftTokenLifetimeAsync(int seconds, CancellationToken ct = default) =>
        PostAsync("microsoft/token-lifetime", new TokenLifetimeRequest(seconds), ct);

    /// <summary>Changes the Microsoft app's secret: a product still using the old one gets 401 invalid_client (AADSTS7000215).</summary>
    public Task SetMicrosoftClientSecretAsync(string clientSecret, CancellationToken ct = default) =>
        PostAsync("microsoft/client-secret", new ClientSecretRequest(clientSecret), ct);

    /// <summary>Revokes the user's Microsoft grants: refresh gives invalid_grant (AADSTS70008), Graph gives 401.</summary>
    public Task RevokeMicrosoftUserAsync(string email, CancellationToken ct = default) =>
        PostAsync($"microsoft/users/{Uri.EscapeDataString(email)}/revoke", null, ct);

    /// <summary>Makes the user's current Microsoft access tokens expired now, whatever expires_in said.</summary>
    public Task ExpireMicrosoftAccessTokensAsync(string email, CancellationToken ct = default) =>
        PostAsync($"microsoft/users/{Uri.EscapeDataString(email)}/expire-access-tokens", null, ct);

    /// <summary>Makes the user's refresh tokens 90 days unused: refresh gives invalid_grant (AADSTS700082).</summary>
    public Task ExpireMicrosoftRefreshTokensAsync(string email, CancellationToken ct = default) =>
        PostAsync($"microsoft/users/{Uri.EscapeDataString(email)}/expire-refresh-tokens", null, ct);

    /// <summary>
    /// Makes the user a personal (outlook.com) account: consumers tenant and an MSA-shaped object id in tokens issued
    /// from now on, and <c>mail: null</c> on Graph /me. Call it before the user consents.
    /// </summary>
    public Task SetMicrosoftPersonalAccountAsync(string email, bool personal = true, CancellationToken ct = default) =>
        PostAsync($"microsoft/users/{Uri.EscapeDataString(email)}/personal-account", new PersonalAccountRequest(personal), ct);

    public async Task<MicrosoftStats> GetMicrosoftStatsAsync(CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<MicrosoftStats>("_emulator/microsoft/stats", ControlJson.Options, ct))!;

    /// <summary>Every authorization code, access token and refresh token Microsoft's side issued to the user.</summary>
    public async Task<IssuedCredentials> GetMicrosoftIssuedCredentialsAsync(string email, CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<IssuedCredentials>($"_emulator/microsoft/users/{Uri.EscapeDataString(email)}/issued", ControlJson.Options, ct))!;

    /// <summary>Puts a message in the user's Graph mailbox (inbox unless told otherwise), creating the mailbox if needed.</summary>
    public async Task<SeededGraphMessage> SeedGraphMessageAsync(string email, GraphSeedMessageRequest message, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync($"_emulator/graph/users/{Uri.EscapeDataString(email)}/messages", message, ControlJson.Options, ct);
        await EnsureSuccessAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<SeededGraphMessage>(ControlJson.Options, ct))!;
    }

    /// <summary>What the user sent through Graph, oldest first, with the JSON exactly as the product sent it.</summary>
    public async Task<IReadOnlyList<GraphSentMessage>> GetGraphSentAsync(string email, CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<GraphSentMessage[]>($"_emulator/graph/users/{Uri.EscapeDataString(email)}/sent", ControlJson.Options, ct))!;

    public Task AddFaultAsync(FaultRule fault, CancellationToken ct = default) => PostAsync("faults", fault, ct);

    /// <summary>Disarms every fault rule that has not been used up yet.</summary>
    public async Task ClearFaultsAsync(CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync("_emulator/faults", ct);
        await EnsureSuccessAsync(response, ct);
    }

    /// <summary>
    /// From now on at most <see cref="RateLimitRule.PerSecond"/> requests a second reach the rule's target (replacing a
    /// limit it had); the rest are answered 429.
    /// </summary>
    public Task SetRateLimitAsync(RateLimitRule limit, CancellationToken ct = default) => PostAsync("rate-limits", limit, ct);

    /// <summary>Lifts every rate limit.</summary>
    public async Task ClearRateLimitsAsync(CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync("_emulator/rate-limits", ct);
        await EnsureSuccessAsync(response, ct);
    }

    /// <summary>
    /// The next <paramref name="count"/> matching requests are handled for real (a send is sent and stored), then their
    /// connection is aborted before a byte of the answer: the caller cannot tell whether the provider acted.
    /// </summary>
    public Task DropConnectionAfterHandlingAsync(string target, string? pathContains = null, int count = 1, CancellationToken ct = default) =>
        AddFaultAsync(new FaultRule(target, 0, count, pathContains, DropAfterHandling: true), ct);

    /// <summary>
    /// The next <paramref name="count"/> matching requests are handled for real, then their answer is held for
    /// <paramref name="milliseconds"/> before it is written: time to see the provider's work and kill the caller.
    /// </summary>
    public Task HoldResponseAfterHandlingAsync(string target, int milliseconds, string? pathContains = null, int count = 1,
        CancellationToken ct = default) =>
        AddFaultAsync(new FaultRule(target, 0, count, pathContains, HoldAfterHandlingMs: milliseconds), ct);

    /// <summary>
    /// The next <paramref name="count"/> matching requests are handled for real (a send is sent and stored), then
    /// answered with the endpoint's own status and <paramref name="body"/> instead of its JSON.
    /// </summary>
    public Task ReplaceBodyAfterHandlingAsync(string target, string body, string? pathContains = null, int count = 1,
        CancellationToken ct = default) =>
        AddFaultAsync(new FaultRule(target, 0, count, pathContains, Body: body), ct);

    /// <summary>
    /// The request log, oldest first, optionally for one target (gmail, google-token, google-revoke, google-auth,
    /// graph, microsoft-token, microsoft-auth, microsoft-discovery).
    /// </summary>
    public async Task<IReadOnlyList<RequestLogEntry>> GetRequestsAsync(string? target = null, CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<RequestLogEntry[]>(
            target is null ? "_emulator/requests" : $"_emulator/requests?target={Uri.EscapeDataString(target)}", ControlJson.Options, ct))!;

    /// <summary>The most API calls each user had in flight at once since the last clear.</summary>
    public async Task<IReadOnlyDictionary<string, int>> GetMaxConcurrencyAsync(CancellationToken ct = default) =>
        (await http.GetFromJsonAsync<Dictionary<string, int>>("_emulator/concurrency", ControlJson.Options, ct))!;

    public async Task ClearRequestsAsync(CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync("_emulator/requests", ct);
        await EnsureSuccessAsync(response, ct);
    }

    /// <summary>
    /// Plays the user on the consent page: GETs <paramref name="authorizationUrl"/>, posts its hidden fields with the
    /// email and decision to the page's form action, and returns the redirect (the product's callback URL with code or
    /// error) without following it. The <see cref="HttpClient"/> given must not follow redirects; the host's own client does not.
    /// </summary>
    public async Task<Uri> ConsentAsync(Uri authorizationUrl, string email = GoogleDefaults.UserEmail, bool allow = true, CancellationToken ct = default)
    {
        using var page = await http.GetAsync(authorizationUrl, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        if (!page.IsSuccessStatusCode)
        {
            if (page.Headers.Location is { } early)
            {
                return early;
            }

            throw new HttpRequestException($"Consent page answered {(int)page.StatusCode}: {html}");
        }

        var fields = HiddenField().Matches(html)
            .Select(m => KeyValuePair.Create(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(KeyValuePair.Create("email", email))
            .Append(KeyValuePair.Create("decision", allow ? "allow" : "deny"));
        var action = FormAction().Match(html) is { Success: true } match ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value) : ConsentPage.DecisionPath;
        using var decision = await http.PostAsync(new Uri(authorizationUrl, action), new FormUrlEncodedContent(fields), ct);
        return decision.Headers.Location
            ?? throw new HttpRequestException($"Consent decision answered {(int)decision.StatusCode} without a redirect");
    }

    /// <summary>
    /// <see cref="ConsentAsync"/> for Microsoft's authorize URL. A URL on login.microsoftonline.com (as MSAL builds it)
    /// is moved onto the emulator, path and query kept, the way the product rewrites it.
    /// </summary>
    public Task<Uri> MicrosoftConsentAsync(Uri authorizationUrl, string email = MicrosoftDefaults.UserEmail, bool allow = true,
        CancellationToken ct = default)
    {
        var onEmulator = http.BaseAddress is { } emulator && authorizationUrl.Authority != emulator.Authority
            ? new Uri(emulator, authorizationUrl.PathAndQuery)
            : authorizationUrl;
        return ConsentAsync(onEmulator, email, allow, ct);
    }

    private async Task PostAsync(string path, object? body, CancellationToken ct)
    {
        using var response = body is null
            ? await http.PostAsync("_emulator/" + path, null, ct)
            : await http.PostAsync("_emulator/" + path, JsonContent.Create(body, body.GetType(), options: ControlJson.Options), ct);
        await EnsureSuccessAsync(response, ct);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Emulator control call {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}",
                null, response.StatusCode);
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\">")]
    private static partial Regex FormAction();
}
