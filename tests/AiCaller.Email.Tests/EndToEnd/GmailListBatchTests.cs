using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.RequestLog;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// A Gmail list fetches its messages' metadata through Gmail's batch endpoint, 50 calls to a batch: what it costs at
/// Gmail, that the answer is what one messages.get per message gave, and what each inner failure does.
/// </summary>
public sealed class GmailListBatchTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private const string BatchPath = "/batch/gmail/v1";

    private TestWorld World => fixture.World;

    [Fact]
    public async Task A_list_of_fifty_costs_one_list_call_and_one_batch()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 50);

        var listed = await ListAsync(api, mailbox, 50);

        Assert.Equal(mailbox.NewestFirst, listed.Select(m => m.GetProperty("id").GetString()));
        var calls = await CallsSinceAsync(mailbox);
        Assert.Equal(2, calls.Count);
        Assert.Equal(("GET", "/gmail/v1/users/me/messages", 200), (calls[0].Method, calls[0].Path, calls[0].Status));
        Assert.Equal(("POST", BatchPath, 200), (calls[1].Method, calls[1].Path, calls[1].Status));
        Assert.Equal(mailbox.NewestFirst.Select(id => $"/gmail/v1/users/me/messages/{id}"), calls[1].Parts!.Select(p => p.Path));
        Assert.All(calls[1].Parts!, p => Assert.Equal(("GET", "?format=metadata&metadataHeaders=Subject&metadataHeaders=From&metadataHeaders=To&metadataHeaders=Date", 200),
            (p.Method, p.Query, p.Status)));
    }

    [Fact]
    public async Task A_list_of_120_costs_one_list_call_and_three_batches_of_at_most_fifty()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 120);

        var listed = await ListAsync(api, mailbox, 120);

        Assert.Equal(mailbox.NewestFirst, listed.Select(m => m.GetProperty("id").GetString()));
        var calls = await CallsSinceAsync(mailbox);
        Assert.Equal(4, calls.Count);
        Assert.Equal("/gmail/v1/users/me/messages", calls[0].Path);
        var batches = calls.Skip(1).ToList();
        Assert.All(batches, b => Assert.Equal(("POST", BatchPath, 200), (b.Method, b.Path, b.Status)));
        Assert.Equal([20, 50, 50], batches.Select(b => b.Parts!.Count).Order());
        Assert.Equal(mailbox.NewestFirst.Order(), batches.SelectMany(b => b.Parts!).Select(p => p.Path[(p.Path.LastIndexOf('/') + 1)..]).Order());
    }

    [Fact]
    public async Task A_list_of_one_costs_the_list_call_and_one_plain_get()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 1);

        var listed = await ListAsync(api, mailbox, 10);

        Assert.Equal(mailbox.NewestFirst, listed.Select(m => m.GetProperty("id").GetString()));
        var calls = await CallsSinceAsync(mailbox);
        Assert.Equal([("GET", "/gmail/v1/users/me/messages"), ("GET", $"/gmail/v1/users/me/messages/{mailbox.NewestFirst[0]}")],
            calls.Select(c => (c.Method, c.Path)));
        Assert.All(calls, c => Assert.Null(c.Parts));
    }

    [Fact]
    public async Task The_batched_list_answers_exactly_what_one_get_per_message_gave()
    {
        using var api = World.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        var start = new DateTimeOffset(2026, 2, 3, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 7; i++)
        {
            await World.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest(
                i % 2 == 0 ? $"Zoë Sender {i} <zoe{i}@example.org>" : $"plain{i}@example.org",
                [email, $"cc{i}@example.net"],
                i == 3 ? "Grüße — it's \"quoted\"" : $"Subject {i}",
                BodyText: $"Body {i}: it's <fine> & \"done\"",
                Date: start.AddMinutes(i * 7),
                Labels: i % 3 == 0 ? ["INBOX"] : null));
        }

        // Pages of one message each take the plain messages.get, one call per message: the path the batch replaces.
        var oneByOne = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?max_results=1" + (token is null ? "" : $"&page_token={Uri.EscapeDataString(token)}"));
            oneByOne.AddRange(page.GetProperty("messages").EnumerateArray());
            token = page.GetProperty("next_page_token").GetString();
        }
        while (token is not null);

        var batched = await api.GetFromJsonAsync<JsonElement>($"{path}/messages?max_results=7");

        Assert.Equal(JsonValueKind.Null, batched.GetProperty("next_page_token").ValueKind);
        Assert.Equal(oneByOne.Select(m => m.GetRawText()), batched.GetProperty("messages").EnumerateArray().Select(m => m.GetRawText()));
        var third = batched.GetProperty("messages")[3];
        Assert.Equal("Grüße — it's \"quoted\"", third.GetProperty("subject").GetString());
        Assert.Equal("plain3@example.org", third.GetProperty("from").GetString());
        Assert.Contains($"cc3@example.net", third.GetProperty("to").GetString());
        Assert.StartsWith("Body 3: it's <fine> & \"done\"", third.GetProperty("snippet").GetString());
        Assert.Equal(start.AddMinutes(21), third.GetProperty("date").GetDateTimeOffset());
        Assert.True(third.GetProperty("is_read").GetBoolean());
        Assert.Equal(BatchPath, (await World.Emulator.Control.GetRequestsAsync("gmail")).Last(r => r.User == email).Path);
    }

    [Fact]
    public async Task A_message_deleted_between_the_list_and_the_batch_is_left_out_of_the_page()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 5);
        var deleted = mailbox.NewestFirst[2];
        // Gmail answers the get of a message deleted since the list with 404 notFound, inside the batch's 200.
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 404, PathContains: $"/messages/{deleted}"));

        var listed = await ListAsync(api, mailbox, 5);

        Assert.Equal(mailbox.NewestFirst.Where(id => id != deleted), listed.Select(m => m.GetProperty("id").GetString()));
        var calls = await CallsSinceAsync(mailbox);
        Assert.Equal(2, calls.Count);
        Assert.Equal([200, 200, 404, 200, 200], calls[1].Parts!.Select(p => p.Status));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_throttled_or_failed_inner_call_is_asked_again_alone_and_the_list_succeeds(int status)
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 5);
        var unlucky = mailbox.NewestFirst[1];
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", status, PathContains: $"/messages/{unlucky}"));

        var listed = await ListAsync(api, mailbox, 5);

        Assert.Equal(mailbox.NewestFirst, listed.Select(m => m.GetProperty("id").GetString()));
        var calls = await CallsSinceAsync(mailbox);
        Assert.Equal(3, calls.Count);
        Assert.Equal([200, status, 200, 200, 200], calls[1].Parts!.Select(p => p.Status));
        var again = Assert.Single(calls[2].Parts!);
        Assert.Equal(($"/gmail/v1/users/me/messages/{unlucky}", 200), (again.Path, again.Status));
    }

    [Fact]
    public async Task The_batch_is_a_post_that_only_reads_so_it_is_retried_like_a_read_when_it_fails_whole()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 3);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 503, PathContains: BatchPath));
        await World.Emulator.Control.DropConnectionAfterHandlingAsync("gmail", BatchPath);

        var listed = await ListAsync(api, mailbox, 3);

        Assert.Equal(mailbox.NewestFirst, listed.Select(m => m.GetProperty("id").GetString()));
        var batches = (await CallsSinceAsync(mailbox)).Where(c => c.Path == BatchPath).ToList();
        // The 503, the answer that was dropped after Gmail answered it (the log has its status), then the one that arrived.
        Assert.Equal([503, 200, 200], batches.Select(b => b.Status));
    }

    [Fact]
    public async Task An_inner_call_throttled_longer_than_the_host_waits_fails_the_list_with_429_and_its_retry_after()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 3);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 429, PathContains: $"/messages/{mailbox.NewestFirst[0]}", RetryAfterSeconds: 120));

        using var response = await api.GetAsync($"{mailbox.Path}/messages?max_results=3");

        await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        Assert.Single(await CallsSinceAsync(mailbox), c => c.Path == BatchPath);
        var status = await api.GetFromJsonAsync<JsonElement>($"{mailbox.Path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_inner_call_that_keeps_failing_is_asked_a_bounded_number_of_times_then_the_list_is_502()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 3);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 500, Count: 100, PathContains: $"/messages/{mailbox.NewestFirst[2]}"));
        try
        {
            using var response = await api.GetAsync($"{mailbox.Path}/messages?max_results=3");

            Assert.Contains("500", await ProblemAssert.IsProblem(response, HttpStatusCode.BadGateway, "provider_error"));
            var batches = (await CallsSinceAsync(mailbox)).Where(c => c.Path == BatchPath).ToList();
            Assert.Equal([3, 1, 1, 1], batches.Select(b => b.Parts!.Count));
        }
        finally
        {
            await World.Emulator.Control.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task An_inner_401_forces_one_refresh_and_the_rest_is_asked_with_the_new_token()
    {
        using var api = World.Api();
        var mailbox = await MailboxWithAsync(api, 4);
        var refused = mailbox.NewestFirst[3];
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 401, PathContains: $"/messages/{refused}"));

        var listed = await ListAsync(api, mailbox, 4);

        Assert.Equal(mailbox.NewestFirst, listed.Select(m => m.GetProperty("id").GetString()));
        var refreshes = (await World.Emulator.Control.GetRequestsAsync("google-token")).Count(r => r.GrantType == "refresh_token" && r.User == mailbox.Email);
        Assert.Equal(1, refreshes);
        var batches = (await CallsSinceAsync(mailbox)).Where(c => c.Path == BatchPath).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal([200, 200, 200, 401], batches[0].Parts!.Select(p => p.Status));
        Assert.Equal(($"/gmail/v1/users/me/messages/{refused}", 200), (Assert.Single(batches[1].Parts!).Path, batches[1].Parts![0].Status));
    }

    private sealed record SeededMailbox(string Path, string Email, IReadOnlyList<string> NewestFirst, int CallsBefore);

    /// <summary>A connected mailbox with <paramref name="count"/> messages a minute apart; nothing listed yet.</summary>
    private async Task<SeededMailbox> MailboxWithAsync(HttpClient api, int count)
    {
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var seeded = await World.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest(
                $"Sender {i} <sender{i}@example.org>", [email], $"Subject {i}", BodyText: $"Body {i}", Date: start.AddMinutes(i)));
            ids.Add(seeded.Id);
        }

        ids.Reverse();
        return new SeededMailbox(path, email, ids, (await GmailCallsAsync(email)).Count);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient api, SeededMailbox mailbox, int maxResults)
    {
        var page = await api.GetFromJsonAsync<JsonElement>($"{mailbox.Path}/messages?max_results={maxResults}");
        return page.GetProperty("messages").EnumerateArray().ToList();
    }

    /// <summary>The Gmail calls the host made for this mailbox since it was seeded, oldest first.</summary>
    private async Task<List<RequestLogEntry>> CallsSinceAsync(SeededMailbox mailbox) =>
        (await GmailCallsAsync(mailbox.Email)).Skip(mailbox.CallsBefore).ToList();

    private async Task<List<RequestLogEntry>> GmailCallsAsync(string email) =>
        (await World.Emulator.Control.GetRequestsAsync("gmail")).Where(r => r.User == email).ToList();
}
