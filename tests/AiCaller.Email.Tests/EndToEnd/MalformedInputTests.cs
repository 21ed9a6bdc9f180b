using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Web;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// Bad input of every kind, over HTTP, against a connected mailbox that has mail and has sent mail: each gets
/// its exact 4xx problem+json whose detail names what was wrong, never a 5xx, and nothing stored changes.
/// </summary>
public sealed class MalformedInputTests(MalformedInputTests.ConnectedMailbox mailbox) : IClassFixture<MalformedInputTests.ConnectedMailbox>
{
    private const string Json = "application/json";
    private const string InvalidRequest = "invalid_request";
    private const string ValidSend = """{"to":"a@example.com","subject":"s","body":"b"}""";

    private TestWorld World => mailbox.World;

    /// <summary>
    /// One bad request. <c>{mailbox}</c>, <c>{message}</c> and <c>{state}</c> in the path stand for the connected
    /// account's route, a message in its inbox and a live OAuth state of it. <see cref="DetailNames"/> is text the
    /// problem's detail must contain: the field, parameter or route at fault.
    /// </summary>
    public sealed record BadInput(
        string Name,
        string Method,
        string Path,
        string? ContentType,
        string? Body,
        IReadOnlyDictionary<string, string>? Headers,
        HttpStatusCode Status,
        string Code,
        string DetailNames)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<BadInput> Cases => new()
    {
        // The send body: not JSON, or JSON of the wrong shape.
        Send("not JSON", "{bad", "Invalid JSON at the request body"),
        Send("empty body", "", "the request body must be a JSON object"),
        Send("a JSON array", """[{"to":"a@example.com"}]""", "the request body: expected a JSON object"),
        Send("a JSON string", "\"hello\"", "the request body: expected a JSON object"),
        Send("a JSON number", "42", "the request body: expected a JSON object"),
        Send("JSON null", "null", "the request body must be a JSON object"),
        Send("trailing garbage after the object", ValidSend + " x", "Invalid JSON at the request body"),
        Send("text/plain content type", ValidSend, "Content-Type must be application/json", contentType: "text/plain", status: HttpStatusCode.UnsupportedMediaType),
        Send("no content type", ValidSend, "Content-Type must be application/json", contentType: null, status: HttpStatusCode.UnsupportedMediaType),

        // Recipients.
        Send("missing to", """{"subject":"s","body":"b"}""", "to must name at least one recipient"),
        Send("to an empty string", """{"to":"","subject":"s","body":"b"}""", "to[0] must not be empty"),
        Send("to an empty array", """{"to":[],"subject":"s","body":"b"}""", "to must name at least one recipient"),
        Send("to a number", """{"to":42,"subject":"s","body":"b"}""", "'to': expected a string or an array of strings"),
        Send("to an object", """{"to":{"a":"a@example.com"},"subject":"s","body":"b"}""", "'to'"),
        Send("to an array holding a number", """{"to":["a@example.com",42],"subject":"s","body":"b"}""", "'to"),
        Send("to an array holding null", """{"to":[null],"subject":"s","body":"b"}""", "'to"),
        Send("to not-an-email", """{"to":"not-an-email","subject":"s","body":"b"}""", "to[0] 'not-an-email' is not a valid email address"),
        Send("to without a domain", """{"to":"a@","subject":"s","body":"b"}""", "to[0] 'a@'"),
        Send("to without a local part", """{"to":"@b.com","subject":"s","body":"b"}""", "to[0] '@b.com'"),
        Send("to with a space in the local part", """{"to":["ok@example.com","two words@x.com"],"subject":"s","body":"b"}""", "to[1] 'two words@x.com'"),
        Send("to a group address", """{"to":"Friends: a@x.com;","subject":"s","body":"b"}""", "to[0] 'Friends: a@x.com;'"),
        Send("CR/LF in to", """{"to":"a@x.com\r\nBcc: evil@x.com","subject":"s","body":"b"}""", "to[0] must not contain CR or LF"),
        Send("CR/LF in cc", """{"to":"a@x.com","cc":["a@x.com\r\nBcc: evil@x.com"],"subject":"s","body":"b"}""", "cc[0] must not contain CR or LF"),
        Send("CR/LF in bcc", """{"to":"a@x.com","bcc":"a@x.com\r\nX-Evil: 1","subject":"s","body":"b"}""", "bcc[0] must not contain CR or LF"),
        Send("CR/LF in reply_to", """{"to":"a@x.com","reply_to":"r@x.com\r\nBcc: evil@x.com","subject":"s","body":"b"}""", "reply_to must not contain CR or LF"),
        Send("an invalid cc", """{"to":"a@x.com","cc":"nobody","subject":"s","body":"b"}""", "cc[0] 'nobody'"),
        Send("reply_to an array", """{"to":"a@x.com","reply_to":["r@x.com"],"subject":"s","body":"b"}""", "'reply_to'"),
        Send("501 recipients", SendTo(501), "at most 500 recipients"),

        // Subject and bodies.
        Send("CR/LF in subject", """{"to":"a@x.com","subject":"Hi\r\nBcc: evil@x.com","body":"b"}""", "subject must not contain CR or LF"),
        Send("a lone LF in subject", """{"to":"a@x.com","subject":"Hi\nthere","body":"b"}""", "subject must not contain CR or LF"),
        Send("missing subject", """{"to":"a@x.com","body":"b"}""", "subject is required"),
        Send("subject a number", """{"to":"a@x.com","subject":7,"body":"b"}""", "'subject'"),
        Send("subject over 998 characters", $$"""{"to":"a@x.com","subject":"{{new string('s', 999)}}","body":"b"}""", "subject must be at most 998 characters"),
        Send("neither body nor body_html", """{"to":"a@x.com","subject":"s"}""", "at least one of body and body_html is required"),
        Send("body a boolean", """{"to":"a@x.com","subject":"s","body":true}""", "'body'"),
        Send("an unknown field (bodyhtml typo)", """{"to":"a@x.com","subject":"s","bodyhtml":"<p>x</p>"}""", "'bodyhtml': unknown field"),

        // Attachments.
        Send("attachments not an array", """{"to":"a@x.com","subject":"s","body":"b","attachments":"x"}""", "'attachments': expected an array"),
        Send("attachment without filename", Attachment("""{"content_type":"text/plain","content_base64":"eA=="}"""), "attachments[0].filename"),
        Send("attachment filename with CR/LF", Attachment("""{"filename":"a.txt\r\nX-Evil: 1","content_type":"text/plain","content_base64":"eA=="}"""), "attachments[0].filename"),
        Send("attachment bad base64", Attachment("""{"filename":"a.txt","content_type":"text/plain","content_base64":"not base64!"}"""), "attachments[0].content_base64"),
        Send("attachment without content", Attachment("""{"filename":"a.txt","content_type":"text/plain"}"""), "attachments[0].content_base64"),
        Send("attachment content_type garbage", Attachment("""{"filename":"a.txt","content_type":"not a type","content_base64":"eA=="}"""), "attachments[0].content_type"),
        Send("attachment a null element", Attachment("null"), "attachments[0]"),
        Send("attachment a string element", Attachment("\"a.txt\""), "'attachments[0]'"),
        Send("attachment with an unknown field", Attachment("""{"filename":"a.txt","content_base64":"eA==","size":1}"""), "'attachments[0].size': unknown field"),

        // The Idempotency-Key header, on an otherwise valid send.
        // Kestrel trims a header value, so a blank key is how an empty one arrives (the test server drops empty values).
        Send("blank Idempotency-Key", ValidSend, "Idempotency-Key", headers: new() { ["Idempotency-Key"] = "   " }),
        Send("Idempotency-Key with a space", ValidSend, "Idempotency-Key", headers: new() { ["Idempotency-Key"] = "two words" }),
        Send("Idempotency-Key over 255 characters", ValidSend, "Idempotency-Key", headers: new() { ["Idempotency-Key"] = new string('k', 256) }),
        Send("non-ASCII Idempotency-Key", ValidSend, "Idempotency-Key", headers: new() { ["Idempotency-Key"] = "schlüssel" }),

        // Paging and query parameters.
        Get("max_results=0", "{mailbox}/messages?max_results=0", "max_results"),
        Get("max_results=501", "{mailbox}/messages?max_results=501", "max_results"),
        Get("max_results=-1", "{mailbox}/messages?max_results=-1", "max_results"),
        Get("max_results=abc", "{mailbox}/messages?max_results=abc", "max_results"),
        Get("max_results=1.5", "{mailbox}/messages?max_results=1.5", "max_results"),
        Get("max_results empty", "{mailbox}/messages?max_results=", "max_results"),
        Get("page_token over 2048 characters", "{mailbox}/messages?page_token=" + new string('t', 2049), "page_token"),
        Get("query with a control character", "{mailbox}/messages?query=a%00b", "query"),
        Get("accounts limit=0", "/api/gmail/accounts?limit=0", "limit"),
        Get("accounts limit=1001", "/api/gmail/accounts?limit=1001", "limit"),
        Get("accounts limit=x", "/api/gmail/accounts?limit=x", "limit"),
        Get("accounts page_token ../x", "/api/gmail/accounts?page_token=../x", "page_token"),

        // Account ids: on oauth/start (which would list a new account), send and disconnect.
        Get("account starting with a dash", "/api/gmail/accounts/-starts-with-dash/oauth/start", "account must be 1-128 characters"),
        Get("account of 129 characters", $"/api/gmail/accounts/a{new string('b', 128)}/oauth/start", "account must be 1-128 characters"),
        Get("account with an encoded slash", "/api/gmail/accounts/a%2Fb/oauth/start", "account must be 1-128 characters"),
        Get("account with a space", "/api/gmail/accounts/a%20b/status", "account must be 1-128 characters"),
        Get("account a control character", "/api/gmail/accounts/%01/status", "account must be 1-128 characters"),
        new("send to an invalid account", "POST", "/api/gmail/accounts/a%20b/send", Json, ValidSend, null, HttpStatusCode.BadRequest, InvalidRequest, "account must be 1-128 characters"),
        new("disconnect an invalid account", "DELETE", "/api/gmail/accounts/-x", null, null, null, HttpStatusCode.BadRequest, InvalidRequest, "account must be 1-128 characters"),

        // Message ids.
        Get("message id with a dollar", "{mailbox}/messages/{message}$", "message id"),
        Get("message id with an encoded slash", "{mailbox}/messages/a%2Fb", "message id"),
        Get("message id with a control character", "{mailbox}/messages/{message}%01", "message id"),
        Get("message id ending in a newline", "{mailbox}/messages/{message}%0A", "message id"),

        // Routes.
        Get("unknown provider", "/api/yahoo/status", "/api/yahoo/status", HttpStatusCode.NotFound, "not_found"),
        Get("unknown route under /api", "/api/gmail/nothing-here", "/api/gmail/nothing-here", HttpStatusCode.NotFound, "not_found"),
        new("wrong method", "DELETE", "/api/gmail/status", null, null, null, HttpStatusCode.MethodNotAllowed, InvalidRequest, "DELETE"),
        new("GET on send", "GET", "{mailbox}/send", null, null, null, HttpStatusCode.MethodNotAllowed, InvalidRequest, "GET"),

        // The OAuth callback, as an API client.
        Callback("callback without state", "/api/gmail/oauth/callback?code=abc", "OAuth state is missing, forged or expired"),
        Callback("callback with a garbage state", "/api/gmail/oauth/callback?state=garbage&code=abc", "OAuth state is missing, forged or expired"),
        Callback("callback of an unknown provider", "/api/yahoo/oauth/callback?state={state}&code=abc", "/api/yahoo/oauth/callback", HttpStatusCode.NotFound, "not_found"),
        Callback("callback of another provider than the state's", "/api/outlook/oauth/callback?state={state}&code=abc", "OAuth state is missing, forged or expired"),
        Callback("callback without code", "/api/gmail/oauth/callback?state={state}", "no authorization code"),
        Callback("callback with an empty code", "/api/gmail/oauth/callback?state={state}&code=", "no authorization code"),
    };

    [Theory]
    [MemberData(nameof(Cases), DisableDiscoveryEnumeration = true)]
    public async Task Bad_input_gets_its_4xx_problem_and_changes_nothing(BadInput input)
    {
        using var api = World.Api();
        var before = await SnapshotAsync(api);

        using var request = mailbox.Request(input);
        using var response = await api.SendAsync(request);

        var detail = await ProblemAssert.IsProblem(response, input.Status, input.Code);
        Assert.Contains(input.DetailNames, detail, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"AiCaller\.|System\.", detail);
        Assert.Equal(before, await SnapshotAsync(api));
    }

    [Fact]
    public async Task The_fixture_mailbox_is_connected_has_sent_once_and_is_listed()
    {
        // The theory's "nothing changed" means something only if there was something to change.
        using var api = World.Api();

        var state = await SnapshotAsync(api);

        Assert.Equal("connected", state.Status);
        Assert.Equal(mailbox.Email, state.Email);
        Assert.Contains("https://www.googleapis.com/auth/gmail.send", state.Scopes);
        Assert.Equal(1, state.Sent);
        Assert.Contains($"\"account\":\"{mailbox.Account}\"", state.Accounts);
    }

    [Fact]
    public async Task A_browser_on_a_bad_callback_gets_a_400_page_not_an_error()
    {
        using var api = World.Api();
        var before = await SnapshotAsync(api);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/gmail/oauth/callback?state=garbage&code=abc");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Gmail connection failed: The OAuth state is missing, forged or expired", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await SnapshotAsync(api));
    }

    [Fact]
    public async Task A_repeated_Idempotency_Key_is_400_and_sends_nothing()
    {
        using var api = World.Api();
        var before = await SnapshotAsync(api);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{mailbox.Path}/send") { Content = new StringContent(ValidSend, Encoding.UTF8, Json) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["key-a", "key-b"]);
        using var response = await api.SendAsync(request);

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, InvalidRequest);
        Assert.Contains("Idempotency-Key must be one value", detail);
        Assert.Equal(before, await SnapshotAsync(api));
    }

    [Fact]
    public async Task An_account_ending_in_a_newline_is_400_and_not_listed()
    {
        using var api = World.Api();
        var before = await SnapshotAsync(api);

        using var response = await api.GetAsync("/api/gmail/accounts/abc%0A/oauth/start");

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, InvalidRequest);
        Assert.Contains("account", detail);
        Assert.Equal(before, await SnapshotAsync(api));
    }

    [Fact]
    public async Task A_wrong_method_names_the_allowed_one()
    {
        using var api = World.Api();

        using var response = await api.DeleteAsync($"{mailbox.Path}/status");

        await ProblemAssert.IsProblem(response, HttpStatusCode.MethodNotAllowed, InvalidRequest);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_413_too_large_and_sends_nothing()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["MAX_REQUEST_BODY_BYTES"] = "4096" });
        using var api = world.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, path, email);
        var body = $$"""{"to":"a@example.com","subject":"s","body":"{{new string('x', 4096)}}"}""";

        using var response = await api.PostAsync($"{path}/send", new StringContent(body, Encoding.UTF8, Json));

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "too_large");
        Assert.Contains("4096 bytes", detail);
        Assert.Empty(await world.Emulator.Control.GetSentAsync(email));
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());

        // Just under the limit still sends: the limit is the configured one, not some other.
        var fits = $$"""{"to":"a@example.com","subject":"s","body":"{{new string('x', 3000)}}"}""";
        using var ok = await api.PostAsync($"{path}/send", new StringContent(fits, Encoding.UTF8, Json));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Single(await world.Emulator.Control.GetSentAsync(email));
    }

    private async Task<StoredState> SnapshotAsync(HttpClient api)
    {
        var status = await api.GetFromJsonAsync<JsonElement>($"{mailbox.Path}/status");
        var defaultStatus = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        var accounts = await api.GetStringAsync("/api/gmail/accounts?limit=1000");
        var sent = await World.Emulator.Control.GetSentAsync(mailbox.Email);
        return new StoredState(
            status.GetProperty("status").GetString(),
            status.GetProperty("email").GetString(),
            string.Join(' ', status.GetProperty("scopes").EnumerateArray().Select(s => s.GetString())),
            sent.Count,
            accounts,
            defaultStatus.GetProperty("status").GetString());
    }

    private static BadInput Send(
        string name,
        string body,
        string detailNames,
        string? contentType = Json,
        Dictionary<string, string>? headers = null,
        HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(name, "POST", "{mailbox}/send", contentType, body, headers, status, InvalidRequest, detailNames);

    private static BadInput Get(
        string name, string path, string detailNames, HttpStatusCode status = HttpStatusCode.BadRequest, string code = InvalidRequest) =>
        new(name, "GET", path, null, null, null, status, code, detailNames);

    private static BadInput Callback(
        string name, string path, string detailNames, HttpStatusCode status = HttpStatusCode.BadRequest, string code = InvalidRequest) =>
        new(name, "GET", path, null, null, new Dictionary<string, string> { ["Accept"] = Json }, status, code, detailNames);

    private static string Attachment(string attachment) =>
        $$"""{"to":"a@x.com","subject":"s","body":"b","attachments":[{{attachment}}]}""";

    private static string SendTo(int recipients) => JsonSerializer.Serialize(new
    {
        to = Enumerable.Range(0, recipients).Select(i => $"r{i}@example.com"),
        subject = "s",
        body = "b",
    });

    private sealed record StoredState(string? Status, string? Email, string Scopes, int Sent, string Accounts, string? DefaultStatus);

    /// <summary>One world with a connected Gmail account that has a message in its inbox and has sent one.</summary>
    public sealed class ConnectedMailbox : IAsyncLifetime
    {
        private TestWorld? _world;

        public TestWorld World => _world ?? throw new InvalidOperationException("The world has not started.");

        public string Account { get; } = TestWorld.NewAccount();

        public string Email { get; } = TestWorld.NewEmail();

        public string Path => $"/api/gmail/accounts/{Account}";

        public string MessageId { get; private set; } = string.Empty;

        public string State { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            // Hundreds of requests in a row, each with a snapshot before and after: the request limits are not under test here.
            _world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["RATE_LIMIT_PER_TENANT"] = "0", ["RATE_LIMIT_PER_ADDRESS"] = "0" });
            using var api = World.Api();
            await World.ConnectAsync(api, Path, Email);
            var seeded = await World.Emulator.Control.SeedMessageAsync(Email, new SeedMessageRequest("ana@example.org", [Email], "Seeded", BodyText: "hello"));
            MessageId = seeded.Id;

            using var sent = await api.PostAsync($"{Path}/send", new StringContent(ValidSend, Encoding.UTF8, Json));
            Assert.True(sent.StatusCode == HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());

            // A live state that the callback cases do not spend: each is refused before the code exchange.
            var start = await api.GetFromJsonAsync<JsonElement>($"{Path}/oauth/start");
            State = HttpUtility.ParseQueryString(new Uri(start.GetProperty("auth_url").GetString()!).Query)["state"]!;
        }

        public HttpRequestMessage Request(BadInput input)
        {
            var path = input.Path.Replace("{mailbox}", Path).Replace("{message}", MessageId).Replace("{state}", Uri.EscapeDataString(State));
            var request = new HttpRequestMessage(new HttpMethod(input.Method), path);
            if (input.Body is not null)
            {
                request.Content = new StringContent(input.Body, Encoding.UTF8);
                request.Content.Headers.ContentType = input.ContentType is null ? null : new MediaTypeHeaderValue(input.ContentType);
            }

            foreach (var (name, value) in input.Headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        }

        public async Task DisposeAsync()
        {
            if (_world is not null)
            {
                await _world.DisposeAsync();
            }
        }
    }
}
