using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Microsoft;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace AiCaller.Email.Tests.Emulator;

/// <summary>
/// The Microsoft half of the emulator, over real HTTP and through the real MSAL.NET and Graph SDK the product uses:
/// if MSAL or the SDK cannot work against it, no product test built on it means anything.
/// </summary>
public sealed partial class MicrosoftEmulatorTests
{
    private const string RedirectUri = "http://localhost:8000/api/outlook/oauth/callback";
    private const string User = "alice@contoso.com";
    // The product's scopes, short as it names them; MSAL adds offline_access openid profile itself.
    private static readonly string[] Scopes = ["Mail.Send", "Mail.Read", "User.Read"];

    [Fact]
    public async Task Msal_code_flow_with_pkce_then_silent_refresh_at_the_home_tenant()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var app = BuildApp(factory);

        var authUrl = await app.GetAuthorizationRequestUrl(Scopes).WithPkce(out var verifier).WithLoginHint(User).ExecuteAsync();
        Assert.Equal("login.microsoftonline.com", authUrl.Host);
        Assert.Equal("/common/oauth2/v2.0/authorize", authUrl.AbsolutePath);
        var callback = await emulator.Control.MicrosoftConsentAsync(authUrl, User);
        Assert.StartsWith(RedirectUri + "?code=", callback.ToString());
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();

        var result = await app.AcquireTokenByAuthorizationCode(Scopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync();
        var user = MicrosoftUser.For(User, personal: false);
        Assert.Equal(User, result.Account.Username);
        Assert.Equal($"{user.ObjectId}.{MicrosoftDefaults.OrganizationTenantId}", result.Account.HomeAccountId.Identifier);
        Assert.Equal(MicrosoftDefaults.OrganizationTenantId, result.TenantId);
        Assert.Contains("Mail.Send", result.Scopes);
        Assert.Equal(user.ObjectId, result.ClaimsPrincipal.FindFirst("oid")?.Value);

        // A cached token answers the same scopes without the network; a forced refresh goes to /{tid}/oauth2/v2.0/token.
        var account = await app.GetAccountAsync(result.Account.HomeAccountId.Identifier);
        Assert.NotNull(account);
        var cached = await app.AcquireTokenSilent(Scopes, account).ExecuteAsync();
        Assert.Equal(TokenSource.Cache, cached.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(result.AccessToken, cached.AccessToken);
        var refreshed = await app.AcquireTokenSilent(Scopes, account).WithForceRefresh(true).ExecuteAsync();
        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
        Assert.NotEqual(result.AccessToken, refreshed.AccessToken);

        var tokenCalls = await emulator.Control.GetRequestsAsync("microsoft-token");
        Assert.Equal(["/common/oauth2/v2.0/token", $"/{MicrosoftDefaults.OrganizationTenantId}/oauth2/v2.0/token"], tokenCalls.Select(c => c.Path));
        Assert.Equal(["authorization_code", "refresh_token"], tokenCalls.Select(c => c.GrantType));
        Assert.All(tokenCalls, c => Assert.Equal(User, c.User));
        var stats = await emulator.Control.GetMicrosoftStatsAsync();
        Assert.Equal(1, stats.CodeExchanges);
        Assert.Equal(1, stats.RefreshesByUser[User]);
    }

    [Fact]
    public async Task Msal_surfaces_revocation_as_ui_required_and_a_wrong_secret_as_invalid_client()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var app = BuildApp(factory);
        var result = await ConnectAsync(emulator, app, User);
        var account = await app.GetAccountAsync(result.Account.HomeAccountId.Identifier);

        await emulator.Control.SetMicrosoftClientSecretAsync("rotated-secret");
        var wrongSecret = await Assert.ThrowsAsync<MsalServiceException>(() => app.AcquireTokenSilent(Scopes, account).WithForceRefresh(true).ExecuteAsync());
        Assert.Equal("invalid_client", wrongSecret.ErrorCode);
        Assert.Equal(401, wrongSecret.StatusCode);
        Assert.Contains("AADSTS7000215: Invalid client secret provided.", wrongSecret.Message);

        await emulator.Control.SetMicrosoftClientSecretAsync(MicrosoftDefaults.ClientSecret);
        await emulator.Control.RevokeMicrosoftUserAsync(User);
        var revoked = await Assert.ThrowsAsync<MsalUiRequiredException>(() => app.AcquireTokenSilent(Scopes, account).WithForceRefresh(true).ExecuteAsync());
        Assert.Equal("invalid_grant", revoked.ErrorCode);
        Assert.Equal(400, revoked.StatusCode);
        using var body = JsonDocument.Parse(revoked.ResponseBody);
        Assert.Equal([70008], body.RootElement.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt32()));
    }

    [Fact]
    public async Task A_second_app_instance_with_the_serialized_cache_gets_a_token_without_the_network()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var first = BuildApp(factory);
        byte[]? blob = null;
        first.UserTokenCache.SetAfterAccess(args =>
        {
            if (args.HasStateChanged)
            {
                blob = args.TokenCache.SerializeMsalV3();
            }
        });
        var result = await ConnectAsync(emulator, first, User);
        Assert.NotNull(blob);

        using var offline = new OfflineHttpClientFactory();
        var second = BuildApp(offline);
        second.UserTokenCache.SetBeforeAccess(args => args.TokenCache.DeserializeMsalV3(blob));
        var account = await second.GetAccountAsync(result.Account.HomeAccountId.Identifier);
        Assert.NotNull(account);
        var silent = await second.AcquireTokenSilent(Scopes, account).ExecuteAsync();

        Assert.Equal(result.AccessToken, silent.AccessToken);
        Assert.Equal(TokenSource.Cache, silent.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(0, offline.Requests);
    }

    [Fact]
    public async Task Token_endpoint_speaks_entra_ids_json_and_rotates_refresh_tokens()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var uriScopes = "https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/Mail.Read offline_access openid profile";
        var authUrl = new Uri(emulator.BaseUrl, $"organizations/oauth2/v2.0/authorize?client_id={MicrosoftDefaults.ClientId}&response_type=code"
            + $"&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope={Uri.EscapeDataString(uriScopes)}&state=s1"
            + $"&code_challenge={challenge}&code_challenge_method=S256&prompt=select_account");
        var callback = await emulator.Control.MicrosoftConsentAsync(authUrl, User);
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("s1", query["state"]);
        var code = query["code"].ToString();

        (string, string)[] redeem = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri),
            ("client_id", MicrosoftDefaults.ClientId), ("client_secret", MicrosoftDefaults.ClientSecret), ("scope", uriScopes), ("client_info", "1")];
        var wrongVerifier = await TokenAsync(http, "common", [.. redeem, ("code_verifier", verifier + "x")]);
        AssertAadError(wrongVerifier, 400, "invalid_grant", 501481);

        var ok = await TokenAsync(http, "common", [.. redeem, ("code_verifier", verifier)]);
        Assert.Equal(200, ok.Status);
        Assert.Equal("no-store, no-cache", ok.CacheControl);
        var json = ok.Json;
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal("https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/Mail.Read profile openid offline_access",
            json.GetProperty("scope").GetString());
        Assert.Equal(3599, json.GetProperty("expires_in").GetInt32());
        Assert.Equal(3599, json.GetProperty("ext_expires_in").GetInt32());
        var user = MicrosoftUser.For(User, personal: false);
        var clientInfo = JsonDocument.Parse(WebEncoders.Base64UrlDecode(json.GetProperty("client_info").GetString()!)).RootElement;
        Assert.Equal(user.ObjectId, clientInfo.GetProperty("uid").GetString());
        Assert.Equal(MicrosoftDefaults.OrganizationTenantId, clientInfo.GetProperty("utid").GetString());
        var idToken = json.GetProperty("id_token").GetString()!.Split('.');
        Assert.Equal("", idToken[2]);
        Assert.Equal("none", JsonDocument.Parse(WebEncoders.Base64UrlDecode(idToken[0])).RootElement.GetProperty("alg").GetString());
        var claims = JsonDocument.Parse(WebEncoders.Base64UrlDecode(idToken[1])).RootElement;
        Assert.Equal(User, claims.GetProperty("preferred_username").GetString());
        Assert.Equal($"https://login.microsoftonline.com/{MicrosoftDefaults.OrganizationTenantId}/v2.0", claims.GetProperty("iss").GetString());
        Assert.Equal(MicrosoftDefaults.ClientId, claims.GetProperty("aud").GetString());
        Assert.Equal("2.0", claims.GetProperty("ver").GetString());

        var reused = await TokenAsync(http, "common", [.. redeem, ("code_verifier", verifier)]);
        AssertAadError(reused, 400, "invalid_grant", 54005);
        Assert.StartsWith("AADSTS54005: OAuth2 Authorization code was already redeemed", reused.Json.GetProperty("error_description").GetString());
        Assert.Matches(@"\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$",
            reused.Json.GetProperty("error_description").GetString());
        Assert.Equal("https://login.microsoftonline.com/error?code=54005", reused.Json.GetProperty("error_uri").GetString());

        // Each refresh returns a new refresh token; the old one keeps working. Basic client authentication works too.
        var firstRefresh = json.GetProperty("refresh_token").GetString()!;
        var second = await RefreshAsync(http, firstRefresh, basic: true);
        Assert.Equal(200, second.Status);
        var secondRefresh = second.Json.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(firstRefresh, secondRefresh);
        Assert.Equal(200, (await RefreshAsync(http, firstRefresh)).Status);

        AssertAadError(await RefreshAsync(http, "1.AXkA-never-issued"), 400, "invalid_grant", 9002313);
        await emulator.Control.ExpireMicrosoftRefreshTokensAsync(User);
        AssertAadError(await RefreshAsync(http, secondRefresh), 400, "invalid_grant", 700082);
        await emulator.Control.SetMicrosoftClientSecretAsync("rotated");
        AssertAadError(await RefreshAsync(http, secondRefresh), 401, "invalid_client", 7000215);

        var denied = await emulator.Control.MicrosoftConsentAsync(authUrl, User, allow: false);
        var deniedQuery = QueryHelpers.ParseQuery(denied.Query);
        Assert.Equal("access_denied", deniedQuery["error"]);
        Assert.StartsWith("AADSTS65004", deniedQuery["error_description"].ToString());
        Assert.Equal("s1", deniedQuery["state"]);
    }

    [Fact]
    public async Task Instance_discovery_answers_microsofts_public_cloud_metadata()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var json = JsonDocument.Parse(await http.GetStringAsync(
            "common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2Fcommon%2Foauth2%2Fv2.0%2Fauthorize")).RootElement;
        Assert.Equal("1.1", json.GetProperty("api-version").GetString());
        var metadata = json.GetProperty("metadata")[0];
        Assert.Equal("login.windows.net", metadata.GetProperty("preferred_cache").GetString());
        Assert.Contains("login.microsoftonline.com", metadata.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Graph_sdk_reads_me_and_pages_messages_with_select_filter_and_prefer_text()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var token = (await ConnectAsync(emulator, BuildApp(factory), User)).AccessToken;
        using var graph = NewGraph(emulator, token);
        using var http = NewClient(emulator);

        var me = (await graph.Me.GetAsync())!;
        Assert.Equal(User, me.Mail);
        Assert.Equal(User, me.UserPrincipalName);
        Assert.Equal(MicrosoftUser.For(User, personal: false).ObjectId, me.Id);

        var start = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var seeded = await emulator.Control.SeedGraphMessageAsync(User, new GraphSeedMessageRequest(
                From: i % 2 == 0 ? "Carol <carol@example.com>" : "dave@example.com", To: [User], Subject: $"Note {i}",
                BodyHtml: $"<p>Hello <b>{i}</b></p>", BodyText: $"Hello {i}", Date: start.AddHours(i), IsRead: i == 1));
            ids.Add(seeded.Id);
        }

        Assert.Matches("^AAMkA[A-Za-z0-9_-]{130,}=$", ids[0]);
        var firstPage = (await graph.Me.Messages.GetAsync(r =>
        {
            r.QueryParameters.Top = 2;
            r.QueryParameters.Select = ["subject", "from", "isRead", "receivedDateTime"];
        }))!;
        Assert.Equal([ids[4], ids[3]], firstPage.Value!.Select(m => m.Id));
        Assert.Null(firstPage.Value![0].Body);
        Assert.Equal("carol@example.com", firstPage.Value![0].From!.EmailAddress!.Address);
        Assert.StartsWith($"{emulator.BaseUrl}v1.0/me/messages?$select=", firstPage.OdataNextLink);
        Assert.EndsWith("$top=2&$skip=2", firstPage.OdataNextLink);

        var all = new List<Message>();
        var iterator = PageIterator<Message, MessageCollectionResponse>.CreatePageIterator(graph, firstPage, m =>
        {
            all.Add(m);
            return true;
        });
        await iterator.IterateAsync();
        Assert.Equal(Enumerable.Reverse(ids), all.Select(m => m.Id));

        var unreadFromCarol = (await graph.Me.Messages.GetAsync(r =>
            r.QueryParameters.Filter = "isRead eq false and from/emailAddress/address eq 'carol@example.com'"))!;
        Assert.Equal([ids[4], ids[2], ids[0]], unreadFromCarol.Value!.Select(m => m.Id));
        var skipped = (await graph.Me.Messages.GetAsync(r =>
        {
            r.QueryParameters.Skip = 1;
            r.QueryParameters.Top = 1;
            r.QueryParameters.Filter = "isRead eq false";
        }))!;
        Assert.Equal([ids[3]], skipped.Value!.Select(m => m.Id));
        var sinceTheThird = (await graph.Me.Messages.GetAsync(r =>
            r.QueryParameters.Filter = $"receivedDateTime ge {start.AddHours(2):yyyy-MM-dd'T'HH:mm:ss'Z'} and from/emailAddress/address eq 'carol@example.com'"))!;
        Assert.Equal([ids[4], ids[2]], sinceTheThird.Value!.Select(m => m.Id));

        var html = (await graph.Me.Messages[ids[2]].GetAsync())!;
        Assert.Equal(BodyType.Html, html.Body!.ContentType);
        Assert.Equal("<p>Hello <b>2</b></p>", html.Body.Content);
        Assert.Equal("Hello 2", html.BodyPreview);
        var text = (await graph.Me.Messages[ids[2]].GetAsync(r => r.Headers.Add("Prefer", "outlook.body-content-type=\"text\"")))!;
        Assert.Equal(BodyType.Text, text.Body!.ContentType);
        Assert.Equal("Hello 2", text.Body.Content);

        // A plain HttpClient sends %24-escaped names, and Graph's refusals of unsupported queries are 400s.
        Assert.Equal(2, (await GraphJsonAsync(http, token, "me/messages?%24top=2&%24select=subject")).Json.GetProperty("value").GetArrayLength());
        var inefficient = await GraphJsonAsync(http, token, "me/messages?$filter=isRead eq false&$orderby=receivedDateTime desc");
        Assert.Equal((HttpStatusCode.BadRequest, "InefficientFilter"), (inefficient.Status, ErrorCode(inefficient.Json)));
        var unsupported = await GraphJsonAsync(http, token, "me/messages?$filter=contains(subject,'Note')");
        Assert.Equal((HttpStatusCode.BadRequest, "ErrorInvalidUrlQueryFilter"), (unsupported.Status, ErrorCode(unsupported.Json)));
        var unknownProperty = await GraphJsonAsync(http, token, "me/messages?$select=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, unknownProperty.Status);

        var graphLog = await emulator.Control.GetRequestsAsync("graph");
        Assert.All(graphLog, e => Assert.Equal(("valid", User), (e.TokenState, e.User)));
        Assert.True((await emulator.Control.GetMaxConcurrencyAsync())[User] >= 1);
    }

    [Fact]
    public async Task Graph_sdk_sees_itemnotfound_malformed_ids_auth_failures_and_throttling_as_odata_errors()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var token = (await ConnectAsync(emulator, BuildApp(factory), User)).AccessToken;
        using var graph = NewGraph(emulator, token);
        var elsewhere = await emulator.Control.SeedGraphMessageAsync("bob@contoso.com",
            new GraphSeedMessageRequest("carol@example.com", ["bob@contoso.com"], "Not yours", BodyText: "x"));

        var notFound = await Assert.ThrowsAsync<ODataError>(() => graph.Me.Messages[elsewhere.Id].GetAsync());
        Assert.Equal(404, notFound.ResponseStatusCode);
        Assert.Equal("ErrorItemNotFound", notFound.Error!.Code);
        Assert.Equal("The specified object was not found in the store.", notFound.Error.Message);
        Assert.False(string.IsNullOrEmpty(notFound.Error.InnerError!.RequestId));

        var malformed = await Assert.ThrowsAsync<ODataError>(() => graph.Me.Messages["not-an-id"].GetAsync());
        Assert.Equal((400, "ErrorInvalidIdMalformed", "Id is malformed."), (malformed.ResponseStatusCode, malformed.Error!.Code, malformed.Error.Message));

        await emulator.Control.AddFaultAsync(new FaultRule("graph", 429, Count: 1, PathContains: "/messages", RetryAfterSeconds: 7));
        using var noRetries = NewGraph(emulator, token, withMiddleware: false);
        var throttled = await Assert.ThrowsAsync<ODataError>(() => noRetries.Me.Messages.GetAsync());
        Assert.Equal((429, "ApplicationThrottled"), (throttled.ResponseStatusCode, throttled.Error!.Code));
        Assert.Equal("Application is over its MailboxConcurrency limit.", throttled.Error.Message);
        Assert.Equal(["7"], throttled.ResponseHeaders["Retry-After"]);

        // The SDK's own pipeline retries a 429 after Retry-After and then succeeds.
        await emulator.Control.AddFaultAsync(new FaultRule("graph", 429, Count: 1, RetryAfterSeconds: 0));
        Assert.NotNull(await graph.Me.Messages.GetAsync());
        Assert.Equal([404, 400, 429, 429, 200], (await emulator.Control.GetRequestsAsync("graph")).Select(e => e.Status));

        await emulator.Control.ExpireMicrosoftAccessTokensAsync(User);
        var expired = await Assert.ThrowsAsync<ODataError>(() => graph.Me.Messages.GetAsync());
        Assert.Equal((401, "InvalidAuthenticationToken"), (expired.ResponseStatusCode, expired.Error!.Code));
        Assert.Equal("expired", (await emulator.Control.GetRequestsAsync("graph"))[^1].TokenState);
    }

    [Fact]
    public async Task Graph_sdk_sendmail_is_recorded_exactly_and_create_then_send_moves_the_draft_to_sent_items()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var token = (await ConnectAsync(emulator, BuildApp(factory), User, [.. Scopes, "Mail.ReadWrite"])).AccessToken;
        using var graph = NewGraph(emulator, token);
        using var http = NewClient(emulator);

        await graph.Me.SendMail.PostAsync(new global::Microsoft.Graph.Me.SendMail.SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = "Quarterly report",
                Body = new ItemBody { ContentType = BodyType.Html, Content = "<p>Attached.</p>" },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = "bob@example.com", Name = "Bob" } }],
                CcRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = "carol@example.com" } }],
                Attachments = [new FileAttachment { Name = "report.csv", ContentType = "text/csv", ContentBytes = Encoding.UTF8.GetBytes("a,b\n1,2\n") }],
            },
            SaveToSentItems = true,
        });

        var sent = Assert.Single(await emulator.Control.GetGraphSentAsync(User));
        Assert.Equal("sendMail", sent.Via);
        using (var request = JsonDocument.Parse(sent.RequestJson))
        {
            // The SDK's PascalCase top-level keys, exactly as received.
            Assert.True(request.RootElement.GetProperty("SaveToSentItems").GetBoolean());
            var message = request.RootElement.GetProperty("Message");
            Assert.Equal("Quarterly report", message.GetProperty("subject").GetString());
            Assert.Equal("html", message.GetProperty("body").GetProperty("contentType").GetString());
            Assert.Equal("bob@example.com", message.GetProperty("toRecipients")[0].GetProperty("emailAddress").GetProperty("address").GetString());
            Assert.Equal("#microsoft.graph.fileAttachment", message.GetProperty("attachments")[0].GetProperty("@odata.type").GetString());
        }

        Assert.True(sent.SavedToSentItems);
        var stored = (await graph.Me.MailFolders["sentitems"].Messages.GetAsync())!.Value!.Single();
        Assert.Equal(sent.MessageId, stored.Id);
        Assert.Equal(User, stored.From!.EmailAddress!.Address);
        Assert.True(stored.HasAttachments);
        var attachment = Assert.IsType<FileAttachment>(Assert.Single((await graph.Me.Messages[stored.Id].Attachments.GetAsync())!.Value!));
        Assert.Equal(("report.csv", "text/csv", "a,b\n1,2\n"), (attachment.Name, attachment.ContentType, Encoding.UTF8.GetString(attachment.ContentBytes!)));

        var draft = (await graph.Me.Messages.PostAsync(new Message
        {
            Subject = "Draft first",
            Body = new ItemBody { ContentType = BodyType.Text, Content = "Plain body" },
            ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = "dave@example.com" } }],
        }))!;
        Assert.True(draft.IsDraft);
        Assert.StartsWith("AAQkA", draft.ConversationId);
        await graph.Me.Messages[draft.Id].Send.PostAsync();

        var viaDraft = (await emulator.Control.GetGraphSentAsync(User))[1];
        Assert.Equal("draft", viaDraft.Via);
        Assert.Contains("\"Draft first\"", viaDraft.RequestJson);
        Assert.Equal(draft.ConversationId, viaDraft.Message.GetProperty("conversationId").GetString());
        Assert.False(viaDraft.Message.GetProperty("isDraft").GetBoolean());
        // Exchange ids depend on the folder: the draft's id is gone once it moves to Sent Items.
        Assert.Equal(404, (await Assert.ThrowsAsync<ODataError>(() => graph.Me.Messages[draft.Id].GetAsync())).ResponseStatusCode);
        Assert.Equal(2, (await graph.Me.MailFolders["SentItems"].Messages.GetAsync())!.Value!.Count);
        Assert.Equal(stored.ParentFolderId, (await graph.Me.Messages[sent.MessageId].GetAsync())!.ParentFolderId);
        Assert.StartsWith("AAMkA", stored.ParentFolderId);
        Assert.Single((await graph.Me.MailFolders[stored.ParentFolderId].Messages.GetAsync(r => r.QueryParameters.Top = 1))!.Value!);
        var noFolder = await GraphJsonAsync(http, token, "me/mailFolders/nosuchfolder/messages");
        Assert.Equal((HttpStatusCode.BadRequest, "ErrorInvalidIdMalformed"), (noFolder.Status, ErrorCode(noFolder.Json)));

        var noRecipients = await GraphJsonAsync(http, token, "me/sendMail", "{\"message\":{\"subject\":\"x\"}}");
        Assert.Equal((HttpStatusCode.BadRequest, "ErrorInvalidRecipients"), (noRecipients.Status, ErrorCode(noRecipients.Json)));
    }

    [Fact]
    public async Task Graph_checks_permissions_and_personal_accounts_have_no_mail()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        const string Personal = "pat@outlook.com";
        await emulator.Control.SetMicrosoftPersonalAccountAsync(Personal);
        var result = await ConnectAsync(emulator, BuildApp(factory), Personal, ["Mail.Send", "User.Read"]);
        Assert.Equal(MicrosoftDefaults.ConsumersTenantId, result.TenantId);
        using var graph = NewGraph(emulator, result.AccessToken);
        using var http = NewClient(emulator);

        var me = (await graph.Me.GetAsync())!;
        Assert.Null(me.Mail);
        Assert.Equal(Personal, me.UserPrincipalName);

        var read = await Assert.ThrowsAsync<ODataError>(() => graph.Me.Messages.GetAsync());
        Assert.Equal((403, "ErrorAccessDenied"), (read.ResponseStatusCode, read.Error!.Code));
        var draft = await GraphJsonAsync(http, result.AccessToken, "me/messages", "{\"subject\":\"x\"}");
        Assert.Equal(HttpStatusCode.Forbidden, draft.Status);
        var noToken = await GraphJsonAsync(http, "", "me");
        Assert.Equal((HttpStatusCode.Unauthorized, "InvalidAuthenticationToken"), (noToken.Status, ErrorCode(noToken.Json)));
        Assert.Equal(["valid", "valid", "valid", "none"], (await emulator.Control.GetRequestsAsync("graph")).Select(e => e.TokenState));
    }

    private static IConfidentialClientApplication BuildApp(IMsalHttpClientFactory factory) =>
        ConfidentialClientApplicationBuilder.Create(MicrosoftDefaults.ClientId)
            .WithClientSecret(MicrosoftDefaults.ClientSecret)
            .WithRedirectUri(RedirectUri)
            .WithAuthority("https://login.microsoftonline.com/common")
            .WithHttpClientFactory(factory)
            .Build();

    private static async Task<AuthenticationResult> ConnectAsync(EmulatorHost emulator, IConfidentialClientApplication app, string email,
        string[]? scopes = null)
    {
        scopes ??= Scopes;
        var authUrl = await app.GetAuthorizationRequestUrl(scopes).WithPkce(out var verifier).WithLoginHint(email).ExecuteAsync();
        var callback = await emulator.Control.MicrosoftConsentAsync(authUrl, email);
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        return await app.AcquireTokenByAuthorizationCode(scopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync();
    }

    /// <summary>The SDK as the wire doc sets it up: its own pipeline (retries) unless told otherwise, bearer from a provider.</summary>
    private static GraphServiceClient NewGraph(EmulatorHost emulator, string token, bool withMiddleware = true) => new(
        withMiddleware ? GraphClientFactory.Create() : new HttpClient(),
        new BaseBearerTokenAuthenticationProvider(new FixedTokenProvider(token)),
        emulator.BaseUrl + "v1.0");

    private static HttpClient NewClient(EmulatorHost emulator) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = emulator.BaseUrl };

    private sealed record Answer(HttpStatusCode Status, JsonElement Json);

    private sealed record AadAnswer(int Status, JsonElement Json, string? CacheControl);

    private static async Task<Answer> GraphJsonAsync(HttpClient http, string token, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, new Uri(http.BaseAddress!, "v1.0/" + path));
        if (token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private static string? ErrorCode(JsonElement json) => json.GetProperty("error").GetProperty("code").GetString();

    private static Task<AadAnswer> RefreshAsync(HttpClient http, string refreshToken, bool basic = false)
    {
        (string, string)[] form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("scope", "https://graph.microsoft.com/Mail.Read offline_access openid profile")];
        return basic
            ? TokenAsync(http, MicrosoftDefaults.OrganizationTenantId, form, basic: true)
            : TokenAsync(http, MicrosoftDefaults.OrganizationTenantId, [.. form, ("client_id", MicrosoftDefaults.ClientId), ("client_secret", MicrosoftDefaults.ClientSecret)]);
    }

    private static async Task<AadAnswer> TokenAsync(HttpClient http, string tenant, (string Name, string Value)[] form, bool basic = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{tenant}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(form.Select(f => System.Collections.Generic.KeyValuePair.Create(f.Name, f.Value))),
        };
        if (basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{MicrosoftDefaults.ClientId}:{MicrosoftDefaults.ClientSecret}")));
        }

        using var response = await http.SendAsync(request);
        return new AadAnswer((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement,
            response.Headers.NonValidated["Cache-Control"].ToString());
    }

    private static void AssertAadError(AadAnswer answer, int status, string error, int code)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(error, answer.Json.GetProperty("error").GetString());
        Assert.Equal([code], answer.Json.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.StartsWith($"AADSTS{code}: ", answer.Json.GetProperty("error_description").GetString());
        foreach (var member in new[] { "timestamp", "trace_id", "correlation_id", "error_uri" })
        {
            Assert.True(answer.Json.TryGetProperty(member, out _), member);
        }
    }

    /// <summary>The wire doc's recipe: MSAL keeps https://login.microsoftonline.com, a handler moves each request onto the emulator.</summary>
    private sealed class EmulatorHttpClientFactory(Uri emulator) : IMsalHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client = new(new RedirectToEmulator(emulator));

        public HttpClient GetHttpClient() => _client;

        public void Dispose() => _client.Dispose();

        private sealed class RedirectToEmulator(Uri emulator) : DelegatingHandler(new SocketsHttpHandler())
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri!.Host == "login.microsoftonline.com")
                {
                    request.RequestUri = new UriBuilder(request.RequestUri) { Scheme = "http", Host = emulator.Host, Port = emulator.Port }.Uri;
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }

    /// <summary>Counts and refuses every request: proof that a call was answered from the cache alone.</summary>
    private sealed class OfflineHttpClientFactory : IMsalHttpClientFactory, IDisposable
    {
        private readonly Refuse _handler = new();
        private readonly HttpClient _client;

        public OfflineHttpClientFactory() => _client = new HttpClient(_handler);

        public int Requests => _handler.Count;

        public HttpClient GetHttpClient() => _client;

        public void Dispose() => _client.Dispose();

        private sealed class Refuse : HttpMessageHandler
        {
            private int _count;

            public int Count => Volatile.Read(ref _count);

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _count);
                throw new HttpRequestException($"Offline: {request.RequestUri}");
            }
        }
    }

    private sealed class FixedTokenProvider(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
