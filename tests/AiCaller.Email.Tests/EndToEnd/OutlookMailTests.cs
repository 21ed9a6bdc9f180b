using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>Outlook through Graph: send, list, get, and Graph's errors, all through the real path.</summary>
public sealed class OutlookMailTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task Send_with_default_scopes_uses_sendMail_saves_to_sent_items_and_returns_null_ids()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var attachment = "hello attachment"u8.ToArray();

        using var response = await api.PostAsJsonAsync($"{path}/send", new
        {
            to = new[] { "Zoë Adams <zoe@example.org>", "bob@example.net" },
            cc = "carol@example.com",
            bcc = new[] { "dave@example.com" },
            subject = "Rückruf — 你好",
            body = "plain fallback",
            body_html = "<p>Hello ✓</p>",
            reply_to = "support@example.com",
            attachments = new[] { new { filename = "notes.txt", content_type = "text/plain", content_base64 = Convert.ToBase64String(attachment) } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, result.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("thread_id").ValueKind);
        Assert.Equal("outlook", result.GetProperty("provider").GetString());

        var sent = Assert.Single(await World.Emulator.Control.GetGraphSentAsync(email));
        Assert.Equal("sendMail", sent.Via);
        Assert.True(sent.SavedToSentItems);
        var request = JsonDocument.Parse(sent.RequestJson).RootElement;
        var message = Property(request, "message");
        Assert.Equal("Rückruf — 你好", Property(message, "subject").GetString());
        var body = Property(message, "body");
        Assert.Equal("html", Property(body, "contentType").GetString()!.ToLowerInvariant());
        Assert.Equal("<p>Hello ✓</p>", Property(body, "content").GetString());
        Assert.Equal(["zoe@example.org", "bob@example.net"], Addresses(Property(message, "toRecipients")));
        Assert.Equal("Zoë Adams", Property(Property(Property(message, "toRecipients")[0], "emailAddress"), "name").GetString());
        Assert.Equal(["carol@example.com"], Addresses(Property(message, "ccRecipients")));
        Assert.Equal(["dave@example.com"], Addresses(Property(message, "bccRecipients")));
        Assert.Equal(["support@example.com"], Addresses(Property(message, "replyTo")));
        var file = Assert.Single(Property(message, "attachments").EnumerateArray());
        Assert.Equal("#microsoft.graph.fileAttachment", Property(file, "@odata.type").GetString());
        Assert.Equal("notes.txt", Property(file, "name").GetString());
        Assert.Equal("text/plain", Property(file, "contentType").GetString());
        Assert.Equal(attachment, Convert.FromBase64String(Property(file, "contentBytes").GetString()!));
    }

    [Fact]
    public async Task Attachments_beyond_graphs_request_limit_are_refused_before_anything_is_sent()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var big = Convert.ToBase64String(new byte[(3 * 1024 * 1024) + 1]);

        using var response = await api.PostAsJsonAsync($"{path}/send", new
        {
            to = "a@example.com",
            subject = "big",
            body = "x",
            attachments = new[] { new { filename = "big.bin", content_type = "application/octet-stream", content_base64 = big } },
        });

        Assert.Contains("3 MB", await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "too_large"));
        Assert.Empty(await World.Emulator.Control.GetGraphSentAsync(email));
    }

    [Fact]
    public async Task A_text_only_message_is_sent_with_a_text_body()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);

        using var response = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "text", body = "only text" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Property(JsonDocument.Parse(Assert.Single(await World.Emulator.Control.GetGraphSentAsync(email)).RequestJson).RootElement, "message");
        Assert.Equal("text", Property(Property(message, "body"), "contentType").GetString()!.ToLowerInvariant());
        Assert.Equal("only text", Property(Property(message, "body"), "content").GetString());
    }

    [Fact]
    public async Task List_maps_graph_messages_and_pages_with_top_skip_and_page_token()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < 5; i++)
        {
            await World.Emulator.Control.SeedGraphMessageAsync(email, new GraphSeedMessageRequest(
                $"sender{i}@example.org", [email], $"Subject {i}", BodyText: $"Body number {i}", Date: start.AddMinutes(i), IsRead: i % 2 == 0));
        }

        var first = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?top=2");
        var firstPage = first.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["Subject 4", "Subject 3"], firstPage.Select(m => m.GetProperty("subject").GetString()));
        var newest = firstPage[0];
        Assert.Equal("sender4@example.org", newest.GetProperty("from").GetString());
        Assert.Contains(email, newest.GetProperty("to").GetString());
        Assert.Contains("Body number 4", newest.GetProperty("snippet").GetString());
        Assert.True(newest.GetProperty("is_read").GetBoolean());
        Assert.False(firstPage[1].GetProperty("is_read").GetBoolean());
        Assert.False(string.IsNullOrEmpty(newest.GetProperty("thread_id").GetString()));
        Assert.Equal(start.AddMinutes(4).ToUnixTimeSeconds(), newest.GetProperty("date").GetDateTimeOffset().ToUnixTimeSeconds());

        var token = first.GetProperty("next_page_token").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.DoesNotContain("http", token);
        var second = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?page_token={Uri.EscapeDataString(token!)}");
        Assert.Equal(["Subject 2", "Subject 1"], second.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));

        var skipped = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?top=10&skip=3");
        Assert.Equal(["Subject 1", "Subject 0"], skipped.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("next_page_token").ValueKind);

        var seedDefault = await api.GetFromJsonAsync<JsonElement>($"{path}/messages");
        Assert.Equal(5, seedDefault.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task A_query_searches_with_graph_search()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.SeedGraphMessageAsync(email, new GraphSeedMessageRequest("a@example.org", [email], "Invoice 4711", BodyText: "please pay"));
        await World.Emulator.Control.SeedGraphMessageAsync(email, new GraphSeedMessageRequest("b@example.org", [email], "Lunch", BodyText: "tomorrow?"));

        var found = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?query=invoice");

        Assert.Equal(["Invoice 4711"], found.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));
        var search = (await World.Emulator.Control.GetRequestsAsync("graph")).Last(r => r.User == email && r.Path.EndsWith("/me/messages", StringComparison.Ordinal));
        Assert.Contains("search", Uri.UnescapeDataString(search.Query));
    }

    [Fact]
    public async Task Get_maps_bodies_recipients_and_attachments()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var pdf = "%PDF-1.4 fake"u8.ToArray();
        var seeded = await World.Emulator.Control.SeedGraphMessageAsync(email, new GraphSeedMessageRequest(
            "ana@example.org", [email], "Grüße", BodyHtml: "<p>Hallo <b>Welt</b></p>", Cc: ["cc@example.org"],
            Attachments: [new SeedAttachment("offer.pdf", "application/pdf", Convert.ToBase64String(pdf))]));

        var message = await api.GetFromJsonAsync<JsonElement>($"{path}/messages/{seeded.Id}");

        Assert.Equal(seeded.Id, message.GetProperty("id").GetString());
        Assert.Equal(seeded.ConversationId, message.GetProperty("thread_id").GetString());
        Assert.Equal("Grüße", message.GetProperty("subject").GetString());
        Assert.Contains("ana@example.org", message.GetProperty("from").GetString());
        Assert.Contains("cc@example.org", message.GetProperty("cc").GetString());
        Assert.Equal("<p>Hallo <b>Welt</b></p>", message.GetProperty("body_html").GetString());
        Assert.Contains("Hallo", message.GetProperty("body").GetString());
        Assert.DoesNotContain("<b>", message.GetProperty("body").GetString());
        Assert.False(message.GetProperty("is_read").GetBoolean());
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal("offer.pdf", attachment.GetProperty("filename").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("content_type").GetString());
        Assert.True(attachment.GetProperty("size").GetInt64() >= pdf.Length);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_404_and_a_foreign_page_token_is_400()
    {
        using var api = World.Api();
        var (path, _) = await ConnectedAccountAsync(api);

        using var malformed = await api.GetAsync($"{path}/messages/not-an-id");
        await ProblemAssert.IsProblem(malformed, HttpStatusCode.NotFound, "not_found");
        var other = await World.Emulator.Control.SeedGraphMessageAsync(TestWorld.NewEmail(), new GraphSeedMessageRequest("a@example.org", ["b@example.org"], "elsewhere"));
        using var unknown = await api.GetAsync($"{path}/messages/{other.Id}");
        await ProblemAssert.IsProblem(unknown, HttpStatusCode.NotFound, "not_found");
        using var token = await api.GetAsync($"{path}/messages?page_token=aHR0cDovL2V2aWwvP3g9MQ");
        await ProblemAssert.IsProblem(token, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Throttling_is_retried_honouring_retry_after_and_a_long_one_reaches_the_caller()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);

        await World.Emulator.Control.AddFaultAsync(new FaultRule("graph", 429, Count: 1, PathContains: "/me/messages", RetryAfterSeconds: 1));
        using var retried = await api.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var calls = (await World.Emulator.Control.GetRequestsAsync("graph")).Where(r => r.User == email && r.Path.EndsWith("/me/messages", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], calls.TakeLast(2).Select(c => c.Status));

        await World.Emulator.Control.AddFaultAsync(new FaultRule("graph", 429, Count: 1, PathContains: "/me/messages", RetryAfterSeconds: 90));
        using var throttled = await api.GetAsync($"{path}/messages");
        await ProblemAssert.IsProblem(throttled, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(90), throttled.Headers.RetryAfter?.Delta);

        await World.Emulator.Control.AddFaultAsync(new FaultRule("graph", 503, Count: 1, PathContains: "/sendMail"));
        using var send = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "s", body = "b" });
        await ProblemAssert.IsProblem(send, HttpStatusCode.BadGateway, "provider_error");
        Assert.Empty(await World.Emulator.Control.GetGraphSentAsync(email));
    }

    [Fact]
    public async Task A_retry_after_given_as_an_http_date_reaches_the_caller_as_its_wait()
    {
        using var api = World.Api();
        var (path, _) = await ConnectedAccountAsync(api);

        // Graph writes seconds, but RFC 9110 allows a date too, and a proxy in front of Graph may write one.
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("r", CultureInfo.InvariantCulture);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("graph", 429, Count: 1, PathContains: "/me/messages", RetryAfterValue: until));
        using var throttled = await api.GetAsync($"{path}/messages");

        await ProblemAssert.IsProblem(throttled, HttpStatusCode.TooManyRequests, "rate_limited");
        // An hour less the moments this test took; the fallback for a wait not understood would be 30 seconds.
        Assert.InRange(throttled.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Idempotency_works_for_outlook_sends_too()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var payload = new { to = "a@example.com", subject = "once", body = "x" };

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/send") { Content = JsonContent.Create(payload) };
            request.Headers.Add("Idempotency-Key", "outlook-key");
            using var response = await api.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(await World.Emulator.Control.GetGraphSentAsync(email));
        using var conflict = new HttpRequestMessage(HttpMethod.Post, $"{path}/send") { Content = JsonContent.Create(new { to = "b@example.com", subject = "other", body = "x" }) };
        conflict.Headers.Add("Idempotency-Key", "outlook-key");
        using var refused = await api.SendAsync(conflict);
        await ProblemAssert.IsProblem(refused, HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task Graph_calls_of_one_mailbox_stay_within_four_at_once()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("graph", 0, Count: 12, PathContains: "/me/messages", DelayMs: 200));
        await World.Emulator.Control.ClearRequestsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.GetAsync($"{path}/messages?top=1")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(4, (await World.Emulator.Control.GetMaxConcurrencyAsync())[email]);
    }

    [Theory]
    [InlineData("GET", "messages?top=0", null, "top")]
    [InlineData("GET", "messages?top=1001", null, "top")]
    [InlineData("GET", "messages?top=ten", null, "top")]
    [InlineData("GET", "messages?skip=-1", null, "skip")]
    [InlineData("GET", "messages?skip=1&query=invoice", null, "skip")]
    [InlineData("GET", "messages?page_token=%%%", null, "page_token")]
    [InlineData("GET", "messages/a$b", null, "message id")]
    [InlineData("POST", "send", """{"to":"a@example.com","subject":"x\r\nBcc: evil@example.com","body":"b"}""", "subject")]
    [InlineData("POST", "send", """{"to":"not-an-address","subject":"s","body":"b"}""", "to[0]")]
    [InlineData("POST", "send", """{"to":"a@example.com","subject":"s"}""", "body_html")]
    [InlineData("POST", "send", """{"to":"a@example.com","subject":"s","body":"b","attachments":[{"filename":"a.txt","content_base64":"%%"}]}""", "content_base64")]
    public async Task Bad_input_to_an_outlook_mailbox_is_a_clear_400_and_changes_nothing(string method, string relative, string? json, string names)
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var before = await api.GetStringAsync($"{path}/status");

        using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}/{relative}");
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await api.SendAsync(request);

        Assert.Contains(names, await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request"));
        Assert.Equal(before, await api.GetStringAsync($"{path}/status"));
        Assert.Empty(await World.Emulator.Control.GetGraphSentAsync(email));
    }

    private async Task<(string Path, string Email)> ConnectedAccountAsync(HttpClient api)
    {
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        return (path, email);
    }

    /// <summary>Graph keys are case-insensitive and the SDK writes some in PascalCase.</summary>
    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static List<string?> Addresses(JsonElement recipients) =>
        recipients.EnumerateArray().Select(r => Property(Property(r, "emailAddress"), "address").GetString()).ToList();
}
