using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Google;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;

namespace AiCaller.Email.Tests.Emulator;

/// <summary>The emulator itself, over real HTTP: if these fail, every product test built on it means nothing.</summary>
public sealed partial class GoogleEmulatorTests
{
    private const string RedirectUri = "http://localhost:8000/api/gmail/oauth/callback";
    private const string User = "alice@example.com";
    private static readonly string[] GmailScopes = [GoogleScopes.Send, GoogleScopes.ReadOnly];

    [Fact]
    public async Task Consent_then_exchange_with_pkce_issues_google_shaped_tokens_once()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        // Google.Apis.Auth sends scope with a literal space (escaped to %20 on the wire); '+' must work too.
        var authUrl = $"o/oauth2/v2/auth?client_id={GoogleDefaults.ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}"
            + $"&response_type=code&scope={Uri.EscapeDataString(GoogleScopes.Send)}%20{Uri.EscapeDataString(GoogleScopes.ReadOnly)}+openid"
            + $"&state=st-123&access_type=offline&prompt=consent&code_challenge={challenge}&code_challenge_method=S256";
        var page = await http.GetStringAsync(authUrl);
        var fields = HiddenFields(page);
        Assert.Equal($"{GoogleScopes.Send} {GoogleScopes.ReadOnly} openid", fields["scope"]);

        fields["email"] = User;
        fields["decision"] = "allow";
        using var decision = await http.PostAsync("o/oauth2/v2/auth/decision", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, decision.StatusCode);
        var location = decision.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?state=st-123&code=", location.ToString());
        var callback = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("0", callback["authuser"]);
        Assert.Equal("consent", callback["prompt"]);
        Assert.Equal($"{GoogleScopes.Send} {GoogleScopes.ReadOnly} openid", callback["scope"]);
        var code = callback["code"].ToString();
        Assert.StartsWith("4/", code);

        var missing = await TokenAsync(http, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("client_id", GoogleDefaults.ClientId), ("client_secret", GoogleDefaults.ClientSecret));
        AssertOAuthError(missing, 400, "invalid_grant", "Missing code verifier.");
        var wrong = await TokenAsync(http, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("client_id", GoogleDefaults.ClientId), ("client_secret", GoogleDefaults.ClientSecret), ("code_verifier", verifier + "x"));
        AssertOAuthError(wrong, 400, "invalid_grant", "Invalid code verifier.");

        var ok = await TokenAsync(http, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("client_id", GoogleDefaults.ClientId), ("client_secret", GoogleDefaults.ClientSecret), ("code_verifier", verifier));
        Assert.Equal(200, ok.Status);
        Assert.Equal("application/json; charset=utf-8", ok.ContentType);
        Assert.Equal("no-cache, no-store, max-age=0, must-revalidate", ok.CacheControl);
        Assert.StartsWith("ya29.", ok.Json.GetProperty("access_token").GetString());
        Assert.StartsWith("1//", ok.Json.GetProperty("refresh_token").GetString());
        Assert.Equal(3599, ok.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", ok.Json.GetProperty("token_type").GetString());
        Assert.Equal($"{GoogleScopes.Send} {GoogleScopes.ReadOnly} openid", ok.Json.GetProperty("scope").GetString());
        Assert.True(ok.Json.TryGetProperty("id_token", out _));

        var again = await TokenAsync(http, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("client_id", GoogleDefaults.ClientId), ("client_secret", GoogleDefaults.ClientSecret), ("code_verifier", verifier));
        AssertOAuthError(again, 400, "invalid_grant", "Bad Request");

        var stats = await emulator.Control.GetGoogleStatsAsync();
        Assert.Equal(1, stats.CodeExchanges);
        var tokenCalls = await emulator.Control.GetRequestsAsync("google-token");
        Assert.Equal(4, tokenCalls.Count);
        Assert.All(tokenCalls, c => Assert.Equal("authorization_code", c.GrantType));
        Assert.Equal(User, tokenCalls[2].User);
    }

    [Fact]
    public async Task Exchange_with_another_redirect_uri_is_refused_and_deny_redirects_with_access_denied()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var code = await AuthorizeAsync(emulator, User, GmailScopes);
        var mismatch = await TokenAsync(http, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "http://localhost:8000/other"),
            ("client_id", GoogleDefaults.ClientId), ("client_secret", GoogleDefaults.ClientSecret));
        AssertOAuthError(mismatch, 400, "redirect_uri_mismatch", "Bad Request");

        var denied = await emulator.Control.ConsentAsync(AuthUrl(emulator, GmailScopes, state: "s9"), User, allow: false);
        Assert.Equal(RedirectUri + "?error=access_denied&state=s9", denied.ToString());

        using var unknownClient = await http.GetAsync($"o/oauth2/auth?client_id=nobody&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code&scope=x");
        Assert.Equal(HttpStatusCode.BadRequest, unknownClient.StatusCode);
        Assert.Contains("invalid_client", await unknownClient.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Refresh_issues_a_new_access_token_without_a_refresh_token()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        await emulator.Control.SetTokenLifetimeAsync(120);

        // HTTP Basic client authentication, as some libraries send it.
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "refresh_token"), KeyValuePair.Create("refresh_token", tokens.Refresh)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{GoogleDefaults.ClientId}:{GoogleDefaults.ClientSecret}")));
        using var response = await http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(json.TryGetProperty("refresh_token", out _));
        Assert.Equal(120, json.GetProperty("expires_in").GetInt32());
        Assert.NotEqual(tokens.Access, json.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GmailAsync(http, json.GetProperty("access_token").GetString()!, "profile")).Status);

        var stats = await emulator.Control.GetGoogleStatsAsync();
        Assert.Equal(1, stats.Refreshes);
        Assert.Equal(1, stats.RefreshesByUser[User]);
    }

    [Fact]
    public async Task Revoking_the_grant_kills_refresh_and_access_tokens()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);

        using var revoke = await http.PostAsync($"revoke?token={Uri.EscapeDataString(tokens.Access)}", null);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("{}", await revoke.Content.ReadAsStringAsync());

        AssertOAuthError(await RefreshAsync(http, tokens.Refresh), 400, "invalid_grant", "Token has been expired or revoked.");
        var gmail = await GmailAsync(http, tokens.Access, "profile");
        Assert.Equal(HttpStatusCode.Unauthorized, gmail.Status);
        using var again = await http.PostAsync($"revoke?token={Uri.EscapeDataString(tokens.Refresh)}", null);
        AssertOAuthError(await Read(again), 400, "invalid_token", "Token expired or revoked");

        // The control endpoint does the same for a user revoking access in their Google account.
        var second = await ConnectAsync(emulator, http, User, GmailScopes);
        await emulator.Control.RevokeUserAsync(User);
        AssertOAuthError(await RefreshAsync(http, second.Refresh), 400, "invalid_grant", "Token has been expired or revoked.");
        var log = await emulator.Control.GetRequestsAsync("gmail");
        Assert.Equal("revoked", log[^1].TokenState);
    }

    [Fact]
    public async Task A_changed_client_secret_gives_invalid_client()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        await emulator.Control.SetClientSecretAsync("rotated-secret");

        AssertOAuthError(await RefreshAsync(http, tokens.Refresh), 401, "invalid_client", "Unauthorized");
    }

    [Fact]
    public async Task Gmail_answers_401_with_googles_envelope_for_unknown_and_expired_tokens()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var unknown = await GmailAsync(http, "ya29.not-a-token", "messages");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        var error = unknown.Json.GetProperty("error");
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("status").GetString());
        Assert.StartsWith("Request had invalid authentication credentials.", error.GetProperty("message").GetString());
        var item = error.GetProperty("errors")[0];
        Assert.Equal("authError", item.GetProperty("reason").GetString());
        Assert.Equal("global", item.GetProperty("domain").GetString());
        Assert.Equal("Authorization", item.GetProperty("location").GetString());
        Assert.Equal("header", item.GetProperty("locationType").GetString());

        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        Assert.Equal(HttpStatusCode.OK, (await GmailAsync(http, tokens.Access, "profile")).Status);
        await emulator.Control.ExpireAccessTokensAsync(User);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GmailAsync(http, tokens.Access, "profile")).Status);

        var states = (await emulator.Control.GetRequestsAsync("gmail")).Select(e => e.TokenState).ToArray();
        Assert.Equal(["unknown", "valid", "expired"], states);
    }

    [Fact]
    public async Task Reading_needs_a_read_scope()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var sendOnly = await ConnectAsync(emulator, http, User, [GoogleScopes.Send]);
        var response = await GmailAsync(http, sendOnly.Access, "messages");
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("insufficientPermissions", response.Json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("nosuchmessageid", HttpStatusCode.BadRequest)]
    [InlineData("18c9a1b2c3d4e5f6a7", HttpStatusCode.BadRequest)]
    [InlineData("ffffffffffffffff", HttpStatusCode.BadRequest)]
    [InlineData("abc123", HttpStatusCode.NotFound)]
    [InlineData("1", HttpStatusCode.NotFound)]
    [InlineData("18c9a1b2c3d4e5f6", HttpStatusCode.NotFound)]
    public async Task Message_ids_follow_gmails_400_versus_404_rule(string id, HttpStatusCode expected)
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);

        var response = await GmailAsync(http, tokens.Access, $"messages/{id}");

        Assert.Equal(expected, response.Status);
        var error = response.Json.GetProperty("error");
        Assert.Equal(expected == HttpStatusCode.NotFound ? "Requested entity was not found." : "Invalid id value", error.GetProperty("message").GetString());
        Assert.Equal(expected == HttpStatusCode.NotFound ? "NOT_FOUND" : "INVALID_ARGUMENT", error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sent_message_is_stored_byte_for_byte_and_reads_back_as_a_part_tree()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        var mime = new MimeMessage { Subject = "Quarterly report" };
        mime.From.Add(MailboxAddress.Parse(User));
        mime.To.Add(MailboxAddress.Parse("bob@example.com"));
        var body = new BodyBuilder { TextBody = "Hello Bob, it's attached." };
        body.Attachments.Add("report.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n"), ContentType.Parse("text/csv"));
        mime.Body = body.ToMessageBody();
        var raw = Bytes(mime);

        var sent = await GmailAsync(http, tokens.Access, "messages/send", new { raw = WebEncoders.Base64UrlEncode(raw) });
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        var id = sent.Json.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal(id, sent.Json.GetProperty("threadId").GetString());
        Assert.Equal(["SENT"], sent.Json.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()));

        var full = (await GmailAsync(http, tokens.Access, $"messages/{id}")).Json;
        Assert.Equal("Hello Bob, it&#39;s attached.", full.GetProperty("snippet").GetString());
        var payload = full.GetProperty("payload");
        Assert.Equal("multipart/mixed", payload.GetProperty("mimeType").GetString());
        Assert.Contains(payload.GetProperty("headers").EnumerateArray(),
            h => h.GetProperty("name").GetString() == "Subject" && h.GetProperty("value").GetString() == "Quarterly report");
        var text = payload.GetProperty("parts")[0];
        Assert.Equal("0", text.GetProperty("partId").GetString());
        Assert.Equal("Hello Bob, it's attached.", Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(text.GetProperty("body").GetProperty("data").GetString()!)).TrimEnd());
        var attachment = payload.GetProperty("parts")[1];
        Assert.Equal("report.csv", attachment.GetProperty("filename").GetString());
        var attachmentId = attachment.GetProperty("body").GetProperty("attachmentId").GetString()!;
        var fetched = (await GmailAsync(http, tokens.Access, $"messages/{id}/attachments/{attachmentId}")).Json;
        Assert.Equal("a,b\n1,2\n", Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(fetched.GetProperty("data").GetString()!)));

        // Gmail keeps the MIME as sent except for the Message-ID, which it sets itself; the control log has it as sent.
        var rawFormat = (await GmailAsync(http, tokens.Access, $"messages/{id}?format=raw")).Json;
        var served = Convert.FromBase64String(rawFormat.GetProperty("raw").GetString()!.Replace('-', '+').Replace('_', '/'));
        Assert.NotEqual(mime.MessageId, MimeMessage.Load(new MemoryStream(served)).MessageId);
        Assert.Equal(WithoutMessageId(raw), WithoutMessageId(served));
        var sentLog = await emulator.Control.GetSentAsync(User);
        Assert.Equal(raw, Assert.Single(sentLog).RawBytes());

        // The upload variant takes the MIME itself; a message without recipients is refused.
        using var upload = new ByteArrayContent(raw);
        upload.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        using var uploadRequest = new HttpRequestMessage(HttpMethod.Post, "upload/gmail/v1/users/me/messages/send?uploadType=media") { Content = upload };
        uploadRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Access);
        using var uploaded = await http.SendAsync(uploadRequest);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        var noRecipients = await GmailAsync(http, tokens.Access, "messages/send",
            new { raw = WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes("From: alice@example.com\r\nSubject: x\r\n\r\nbody")) });
        Assert.Equal(HttpStatusCode.BadRequest, noRecipients.Status);
        Assert.Equal("Recipient address required", noRecipients.Json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task List_pages_newest_first_and_filters_with_q()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        var start = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var seeded = await emulator.Control.SeedMessageAsync(User, new SeedMessageRequest(
                From: i % 2 == 0 ? "Carol <carol@example.com>" : "dave@example.com",
                To: [User],
                Subject: i == 3 ? "Invoice overdue notice" : $"Note {i}",
                BodyText: i == 4 ? "the pineapple is ripe" : "nothing special",
                Date: start.AddHours(i),
                Labels: i == 1 ? ["INBOX"] : null));
            ids.Add(seeded.Id);
        }

        var seen = new List<string>();
        string? pageToken = null;
        var pages = 0;
        do
        {
            var page = (await GmailAsync(http, tokens.Access, "messages?maxResults=2" + (pageToken is null ? "" : "&pageToken=" + pageToken))).Json;
            Assert.Equal(5, page.GetProperty("resultSizeEstimate").GetInt32());
            seen.AddRange(page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            pageToken = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (pageToken is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);

        Assert.Equal([ids[4], ids[2], ids[0]], await IdsAsync(http, tokens.Access, "from:carol"));
        Assert.Equal([ids[3]], await IdsAsync(http, tokens.Access, "subject:\"overdue notice\""));
        Assert.Equal([ids[4]], await IdsAsync(http, tokens.Access, "PINEAPPLE from:carol@example.com"));
        Assert.Equal([ids[4], ids[3], ids[2], ids[0]], await IdsAsync(http, tokens.Access, "is:unread"));

        var none = (await GmailAsync(http, tokens.Access, "messages?q=" + Uri.EscapeDataString("subject:nothing-like-this"))).Json;
        Assert.False(none.TryGetProperty("messages", out _));
        Assert.Equal(0, none.GetProperty("resultSizeEstimate").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await GmailAsync(http, tokens.Access, "messages?pageToken=garbage")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await GmailAsync(http, tokens.Access, "messages?maxResults=501")).Status);
    }

    [Fact]
    public async Task Injected_429_carries_retry_after_and_googles_envelope_then_clears()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        await emulator.Control.AddFaultAsync(new FaultRule("gmail", 429, Count: 1, PathContains: "/messages", RetryAfterSeconds: 7));

        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/messages");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Access);
        using var throttled = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        var error = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("RESOURCE_EXHAUSTED", error.GetProperty("status").GetString());
        Assert.Equal("rateLimitExceeded", error.GetProperty("errors")[0].GetProperty("reason").GetString());

        Assert.Equal(HttpStatusCode.OK, (await GmailAsync(http, tokens.Access, "messages")).Status);
        Assert.Equal([429, 200], (await emulator.Control.GetRequestsAsync("gmail")).Select(e => e.Status));
    }

    private sealed record Tokens(string Access, string Refresh);

    private sealed record Answer(HttpStatusCode Status, JsonElement Json);

    private sealed record OAuthAnswer(int Status, JsonElement Json, string? ContentType, string? CacheControl);

    private static HttpClient NewClient(EmulatorHost emulator) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emulator.BaseUrl };

    private static Uri AuthUrl(EmulatorHost emulator, IEnumerable<string> scopes, string state = "st") => new(emulator.BaseUrl,
        $"o/oauth2/v2/auth?client_id={GoogleDefaults.ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code"
        + $"&scope={Uri.EscapeDataString(string.Join(' ', scopes))}&state={state}&access_type=offline&prompt=consent");

    private static async Task<string> AuthorizeAsync(EmulatorHost emulator, string email, IEnumerable<string> scopes)
    {
        var location = await emulator.Control.ConsentAsync(AuthUrl(emulator, scopes), email);
        return QueryHelpers.ParseQuery(location.Query)["code"].ToString();
    }

    private static async Task<Tokens> ConnectAsync(EmulatorHost emulator, HttpClient http, string email, IEnumerable<string> scopes)
    {
        var code = await AuthorizeAsync(emulator, email, scopes);
        var answer = await TokenAsync(http, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("client_id", GoogleDefaults.ClientId), ("client_secret", GoogleDefaults.ClientSecret));
        Assert.Equal(200, answer.Status);
        return new Tokens(answer.Json.GetProperty("access_token").GetString()!, answer.Json.GetProperty("refresh_token").GetString()!);
    }

    private static Task<OAuthAnswer> RefreshAsync(HttpClient http, string refreshToken) => TokenAsync(http,
        ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", GoogleDefaults.ClientId), ("client_secret", GoogleDefaults.ClientSecret));

    private static async Task<OAuthAnswer> TokenAsync(HttpClient http, params (string Name, string Value)[] form)
    {
        using var response = await http.PostAsync("token", new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value))));
        return await Read(response);
    }

    private static async Task<OAuthAnswer> Read(HttpResponseMessage response) => new((int)response.StatusCode,
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement,
        response.Content.Headers.ContentType?.ToString(), response.Headers.NonValidated["Cache-Control"].ToString());

    private static void AssertOAuthError(OAuthAnswer answer, int status, string error, string description)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(error, answer.Json.GetProperty("error").GetString());
        Assert.Equal(description, answer.Json.GetProperty("error_description").GetString());
    }

    private static async Task<Answer> GmailAsync(HttpClient http, string accessToken, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, "gmail/v1/users/me/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        return new Answer(response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static async Task<string[]> IdsAsync(HttpClient http, string accessToken, string q)
    {
        var json = (await GmailAsync(http, accessToken, "messages?q=" + Uri.EscapeDataString(q))).Json;
        return json.TryGetProperty("messages", out var messages) ? messages.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray() : [];
    }

    private static Dictionary<string, string> HiddenFields(string html) => HiddenField().Matches(html)
        .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    private static string WithoutMessageId(byte[] mime) => MessageIdField().Replace(Encoding.Latin1.GetString(mime), "");

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex(@"^Message-ID:[^\n]*\n", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdField();
}
