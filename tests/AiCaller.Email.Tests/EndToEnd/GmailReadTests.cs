using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

public sealed class GmailReadTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task List_returns_summaries_newest_first_with_paging()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < 5; i++)
        {
            await World.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest(
                $"Sender {i} <sender{i}@example.org>", [email], $"Subject {i}", BodyText: $"Body number {i}", Date: start.AddMinutes(i)));
        }

        var first = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?max_results=3");
        var firstPage = first.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["Subject 4", "Subject 3", "Subject 2"], firstPage.Select(m => m.GetProperty("subject").GetString()));
        var newest = firstPage[0];
        Assert.Equal("Sender 4 <sender4@example.org>", newest.GetProperty("from").GetString());
        Assert.Contains(email, newest.GetProperty("to").GetString());
        Assert.Contains("Body number 4", newest.GetProperty("snippet").GetString());
        Assert.False(newest.GetProperty("is_read").GetBoolean());
        Assert.Equal(start.AddMinutes(4).ToUnixTimeSeconds(), newest.GetProperty("date").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.False(string.IsNullOrEmpty(newest.GetProperty("thread_id").GetString()));

        var token = first.GetProperty("next_page_token").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        var second = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?max_results=3&page_token={Uri.EscapeDataString(token!)}");
        Assert.Equal(["Subject 1", "Subject 0"], second.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_page_token").ValueKind);
    }

    [Fact]
    public async Task The_seed_list_defaults_to_ten_and_passes_the_query_through()
    {
        using var api = World.Api();
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, "/api/gmail", email);
        for (var i = 0; i < 12; i++)
        {
            var from = i % 3 == 0 ? "boss@example.com" : $"other{i}@example.com";
            await World.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest(from, [email], $"Message {i}", BodyText: "hello"));
        }

        var all = await api.GetFromJsonAsync<JsonElement>("/api/gmail/messages");
        Assert.Equal(10, all.GetProperty("messages").GetArrayLength());

        var filtered = await api.GetFromJsonAsync<JsonElement>("/api/gmail/messages?query=from:boss@example.com&max_results=10");
        var froms = filtered.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("from").GetString()).ToList();
        Assert.Equal(4, froms.Count);
        Assert.All(froms, f => Assert.Equal("boss@example.com", f));
    }

    [Fact]
    public async Task Get_decodes_text_and_html_bodies_and_lists_attachments()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 fake");
        var seeded = await World.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest(
            "Ana <ana@example.org>",
            [email],
            "Grüße aus Köln",
            BodyText: "Hallo Welt — plain",
            BodyHtml: "<p>Hallo Welt — html</p>",
            Cc: ["cc@example.org"],
            Labels: ["INBOX"],
            Attachments: [new SeedAttachment("offer.pdf", "application/pdf", Convert.ToBase64String(pdf))]));

        var message = await api.GetFromJsonAsync<JsonElement>($"{path}/messages/{seeded.Id}");

        Assert.Equal(seeded.Id, message.GetProperty("id").GetString());
        Assert.Equal(seeded.ThreadId, message.GetProperty("thread_id").GetString());
        Assert.Equal("Grüße aus Köln", message.GetProperty("subject").GetString());
        Assert.Equal("Ana <ana@example.org>", message.GetProperty("from").GetString());
        Assert.Contains("cc@example.org", message.GetProperty("cc").GetString());
        Assert.Equal("Hallo Welt — plain", message.GetProperty("body").GetString()!.TrimEnd());
        Assert.Equal("<p>Hallo Welt — html</p>", message.GetProperty("body_html").GetString()!.TrimEnd());
        Assert.True(message.GetProperty("is_read").GetBoolean());
        Assert.Equal(["INBOX"], message.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal("offer.pdf", attachment.GetProperty("filename").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("content_type").GetString());
        Assert.Equal(pdf.Length, attachment.GetProperty("size").GetInt64());
        Assert.False(string.IsNullOrEmpty(attachment.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Unknown_and_unparseable_message_ids_are_404()
    {
        using var api = World.Api();
        var (path, _) = await ConnectedAccountAsync(api);

        using var unknown = await api.GetAsync($"{path}/messages/0123456789abcdef");
        await ProblemAssert.IsProblem(unknown, HttpStatusCode.NotFound, "not_found");
        using var unparseable = await api.GetAsync($"{path}/messages/nosuchmessageid");
        await ProblemAssert.IsProblem(unparseable, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unusable_page_token_is_400_not_502()
    {
        using var api = World.Api();
        var (path, _) = await ConnectedAccountAsync(api);

        using var response = await api.GetAsync($"{path}/messages?page_token=not-a-real-token");

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("page_token", detail);
    }

    [Fact]
    public async Task A_never_connected_mailbox_answers_status_200_and_409_for_mail()
    {
        using var api = World.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";

        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("email").ValueKind);

        using var list = await api.GetAsync($"{path}/messages");
        Assert.Equal("Gmail OAuth not completed", await ProblemAssert.IsProblem(list, HttpStatusCode.Conflict, "not_connected"));
        using var get = await api.GetAsync($"{path}/messages/0123456789abcdef");
        await ProblemAssert.IsProblem(get, HttpStatusCode.Conflict, "not_connected");
        using var send = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "s", body = "b" });
        await ProblemAssert.IsProblem(send, HttpStatusCode.Conflict, "not_connected");
    }

    private async Task<(string Path, string Email)> ConnectedAccountAsync(HttpClient api)
    {
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        return (path, email);
    }
}
