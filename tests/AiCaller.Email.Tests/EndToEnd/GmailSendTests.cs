using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;
using MimeKit;

namespace AiCaller.Email.Tests.EndToEnd;

public sealed class GmailSendTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task Send_builds_a_mime_message_with_every_field_and_returns_gmails_ids()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var attachment = Encoding.UTF8.GetBytes("col1,col2\n1,2\n");

        using var response = await api.PostAsJsonAsync($"{path}/send", new
        {
            to = new[] { "Zoë Adams <zoe@example.org>", "bob@example.net" },
            cc = "carol@example.com",
            bcc = new[] { "dave@example.com" },
            subject = "Rückruf zu Ihrem Anruf — 你好",
            body = "Plain text body ✓",
            body_html = "<p>HTML body ✓</p>",
            reply_to = "support@example.com",
            attachments = new[] { new { filename = "report.csv", content_type = "text/csv", content_base64 = Convert.ToBase64String(attachment) } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("gmail", result.GetProperty("provider").GetString());
        var id = result.GetProperty("id").GetString();
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.False(string.IsNullOrEmpty(result.GetProperty("thread_id").GetString()));

        var sent = Assert.Single(await World.Emulator.Control.GetSentAsync(email), s => s.Id == id);
        var mime = MimeMessage.Load(new MemoryStream(sent.RawBytes()));
        Assert.Equal("Rückruf zu Ihrem Anruf — 你好", mime.Subject);
        Assert.Equal(email, mime.From.Mailboxes.Single().Address);
        Assert.Equal(["zoe@example.org", "bob@example.net"], mime.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("Zoë Adams", mime.To.Mailboxes.First().Name);
        Assert.Equal("carol@example.com", mime.Cc.Mailboxes.Single().Address);
        Assert.Equal("dave@example.com", mime.Bcc.Mailboxes.Single().Address);
        Assert.Equal("support@example.com", mime.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("Plain text body ✓", mime.TextBody?.TrimEnd());
        Assert.Equal("<p>HTML body ✓</p>", mime.HtmlBody?.TrimEnd());
        var part = Assert.IsAssignableFrom<MimePart>(Assert.Single(mime.Attachments));
        Assert.Equal("report.csv", part.FileName);
        Assert.Equal("text/csv", part.ContentType.MimeType);
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        Assert.Equal(attachment, content.ToArray());
    }

    [Fact]
    public async Task Non_ascii_text_travels_in_seven_bits_with_headers_rfc_2047_encoded()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);

        var id = await SendAsync(api, path, new
        {
            to = new[] { "Zoë Adams <zoe@example.org>", "\"Müller, Hans\" <hans@bücher.example>" },
            cc = "Ça Va <cv@example.org>",
            reply_to = "Jürgen Support <support@example.com>",
            subject = "Rückruf — 你好 ✓",
            body = "Grüße aus Köln ✓",
            body_html = "<p>Grüße ✓</p>",
            attachments = new[] { new { filename = "Übersicht ✓.txt", content_type = "text/plain", content_base64 = Convert.ToBase64String("ä"u8.ToArray()) } },
        });

        var raw = Assert.Single(await World.Emulator.Control.GetSentAsync(email), s => s.Id == id).RawBytes();
        var headerEnd = Encoding.ASCII.GetString(raw).IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = Encoding.ASCII.GetString(raw, 0, headerEnd);
        Assert.All(raw, b => Assert.True(b < 0x80, $"an 8-bit byte 0x{b:x2} in the message"));
        Assert.Contains("Subject: =?utf-8?", headers);
        Assert.Contains("hans@xn--bcher-kva.example", headers);

        var mime = MimeMessage.Load(new MemoryStream(raw));
        Assert.Equal("Rückruf — 你好 ✓", mime.Subject);
        Assert.Equal(["Zoë Adams", "Müller, Hans"], mime.To.Mailboxes.Select(m => m.Name));
        Assert.Equal("Ça Va", mime.Cc.Mailboxes.Single().Name);
        Assert.Equal("Jürgen Support", mime.ReplyTo.Mailboxes.Single().Name);
        Assert.Equal("Grüße aus Köln ✓", mime.TextBody?.TrimEnd());
        Assert.Equal("<p>Grüße ✓</p>", mime.HtmlBody?.TrimEnd());
        Assert.Equal("Übersicht ✓.txt", Assert.Single(mime.Attachments).ContentDisposition?.FileName);
    }

    [Fact]
    public async Task An_address_with_a_non_ascii_local_part_is_refused_and_nothing_is_sent()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);

        using var response = await api.PostAsJsonAsync($"{path}/send", new { to = "jörg@example.org", subject = "s", body = "b" });

        Assert.Contains("jörg@example.org", await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request"));
        Assert.Empty(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task Text_only_and_html_only_messages_have_one_body()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);

        var textId = await SendAsync(api, path, new { to = "a@example.com", subject = "text", body = "only text" });
        var htmlId = await SendAsync(api, path, new { to = "a@example.com", subject = "html", body_html = "<b>only html</b>" });

        var sent = await World.Emulator.Control.GetSentAsync(email);
        var text = MimeMessage.Load(new MemoryStream(sent.Single(s => s.Id == textId).RawBytes()));
        Assert.Equal("only text", text.TextBody?.TrimEnd());
        Assert.Null(text.HtmlBody);
        var html = MimeMessage.Load(new MemoryStream(sent.Single(s => s.Id == htmlId).RawBytes()));
        Assert.Equal("<b>only html</b>", html.HtmlBody?.TrimEnd());
        Assert.Null(html.TextBody);
    }

    [Fact]
    public async Task The_same_idempotency_key_and_payload_sends_once_and_returns_the_first_result()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var payload = new { to = "a@example.com", subject = "once", body = "only once" };

        var first = await SendAsync(api, path, payload, "key-1");
        var second = await SendAsync(api, path, payload, "key-1");

        Assert.Equal(first, second);
        Assert.Single(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_payload_is_a_conflict()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await SendAsync(api, path, new { to = "a@example.com", subject = "first", body = "x" }, "key-2");

        using var request = Post($"{path}/send", new { to = "a@example.com", subject = "second", body = "x" }, "key-2");
        using var response = await api.SendAsync(request);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "idempotency_conflict");
        Assert.Single(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task Concurrent_duplicates_wait_for_the_first_send_and_share_its_result()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.AddFaultAsync(new(Target: "gmail", Status: 0, Count: 1, PathContains: "/send", DelayMs: 500));
        var payload = new { to = "a@example.com", subject = "concurrent", body = "x" };

        var ids = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SendAsync(api, path, payload, "key-3")));

        Assert.Single(ids.Distinct());
        Assert.Single(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task Keys_are_per_mailbox()
    {
        using var api = World.Api();
        var (first, firstEmail) = await ConnectedAccountAsync(api);
        var (second, secondEmail) = await ConnectedAccountAsync(api);
        var payload = new { to = "a@example.com", subject = "per mailbox", body = "x" };

        await SendAsync(api, first, payload, "shared-key");
        await SendAsync(api, second, payload, "shared-key");

        Assert.Single(await World.Emulator.Control.GetSentAsync(firstEmail));
        Assert.Single(await World.Emulator.Control.GetSentAsync(secondEmail));
    }

    private async Task<(string Path, string Email)> ConnectedAccountAsync(HttpClient api)
    {
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        return (path, email);
    }

    private static async Task<string?> SendAsync(HttpClient api, string path, object payload, string? idempotencyKey = null)
    {
        using var request = Post($"{path}/send", payload, idempotencyKey);
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
    }

    private static HttpRequestMessage Post(string path, object payload, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(payload) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
