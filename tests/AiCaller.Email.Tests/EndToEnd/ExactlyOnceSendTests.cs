using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// A send reaches the provider at most once, and exactly once per Idempotency-Key: a broken connection after the
/// provider took the message is not retried, and the provider is asked for the message before anything is sent again.
/// </summary>
public sealed class ExactlyOnceSendTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private static readonly object Payload = new { to = "someone@example.com", subject = "Follow-up to your call", body = "x" };

    private TestWorld World => fixture.World;

    [Fact]
    public async Task A_keyed_gmail_send_whose_connection_drops_after_gmail_took_it_is_found_and_not_sent_again()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAsync(api, "gmail");
        await World.Emulator.Control.DropConnectionAfterHandlingAsync("gmail", "messages/send");

        using var first = await SendAsync(api, path, Payload, "drop-key");

        var sent = Assert.Single(await World.Emulator.Control.GetSentAsync(email));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(sent.Id, await IdOf(first));
        using var retry = await SendAsync(api, path, Payload, "drop-key");
        Assert.Equal(sent.Id, await IdOf(retry));
        Assert.Single(await World.Emulator.Control.GetSentAsync(email));
        Assert.Single(await World.Emulator.Control.GetRequestsAsync("gmail"), r => r.User == email && r.Path.EndsWith("/send", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unkeyed_gmail_send_whose_connection_drops_is_sent_once_and_answered_from_gmails_copy()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAsync(api, "gmail");
        await World.Emulator.Control.DropConnectionAfterHandlingAsync("gmail", "messages/send");

        using var response = await SendAsync(api, path, Payload);

        var sent = Assert.Single(await World.Emulator.Control.GetSentAsync(email));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent.Id, await IdOf(response));
    }

    [Fact]
    public async Task A_keyed_outlook_send_whose_connection_drops_is_found_in_sent_items_and_not_sent_again()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAsync(api, "outlook");
        await World.Emulator.Control.DropConnectionAfterHandlingAsync("graph", "sendMail");

        using var first = await SendAsync(api, path, Payload, "outlook-drop-key");
        using var retry = await SendAsync(api, path, Payload, "outlook-drop-key");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(await World.Emulator.Control.GetGraphSentAsync(email));
    }

    [Fact]
    public async Task When_gmail_cannot_be_asked_the_send_answers_503_and_a_later_retry_finds_the_message()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAsync(api, "gmail");
        await World.Emulator.Control.DropConnectionAfterHandlingAsync("gmail", "messages/send");
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 500, Count: 100, PathContains: "/messages"));

        using var first = await SendAsync(api, path, Payload, "unaskable-key");

        await ProblemAssert.IsProblem(first, HttpStatusCode.ServiceUnavailable, "send_outcome_unknown");
        Assert.True(first.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var sent = Assert.Single(await World.Emulator.Control.GetSentAsync(email));
        await World.Emulator.Control.ClearFaultsAsync();

        using var retry = await SendAsync(api, path, Payload, "unaskable-key");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(sent.Id, await IdOf(retry));
        Assert.Single(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task A_send_gmail_refused_is_forgotten_so_that_the_same_key_sends_later()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAsync(api, "gmail");
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 429, PathContains: "messages/send", RetryAfterSeconds: 600));

        using var throttled = await SendAsync(api, path, Payload, "throttled-key");
        using var retry = await SendAsync(api, path, Payload, "throttled-key");

        await ProblemAssert.IsProblem(throttled, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task Reads_are_still_retried_after_a_dropped_connection()
    {
        using var api = World.Api();
        var (path, _) = await ConnectedAsync(api, "gmail");
        await World.Emulator.Control.DropConnectionAfterHandlingAsync("gmail", "/messages");

        using var list = await api.GetAsync($"{path}/messages");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task A_5xx_on_a_send_is_not_retried_and_the_same_key_sends_once_the_outcome_has_settled()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TestWorld.StartAsync(mailboxClock: clock);
        using var api = world.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, path, email);
        await world.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 500, PathContains: "messages/send"));

        using var failed = await SendAsync(api, path, Payload, "five-hundred-key");
        using var tooSoon = await SendAsync(api, path, Payload, "five-hundred-key");
        clock.Advance(TimeSpan.FromSeconds(61));
        using var settled = await SendAsync(api, path, Payload, "five-hundred-key");
        using var again = await SendAsync(api, path, Payload, "five-hundred-key");

        await ProblemAssert.IsProblem(failed, HttpStatusCode.ServiceUnavailable, "send_outcome_unknown");
        await ProblemAssert.IsProblem(tooSoon, HttpStatusCode.ServiceUnavailable, "send_outcome_unknown");
        Assert.True(tooSoon.Headers.RetryAfter?.Delta <= TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        var sent = Assert.Single(await world.Emulator.Control.GetSentAsync(email));
        Assert.Equal(sent.Id, await IdOf(settled));
        Assert.Equal(sent.Id, await IdOf(again));
        Assert.Equal(2, (await world.Emulator.Control.GetRequestsAsync("gmail")).Count(r => r.User == email && r.Path.EndsWith("/send", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_idempotency_key_is_remembered_for_24_hours_and_then_sends_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TestWorld.StartAsync(mailboxClock: clock);
        using var api = world.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, path, email);

        using var first = await SendAsync(api, path, Payload, "day-key");
        clock.Advance(TimeSpan.FromHours(23));
        using var withinADay = await SendAsync(api, path, Payload, "day-key");
        clock.Advance(TimeSpan.FromHours(2));
        using var nextDay = await SendAsync(api, path, Payload, "day-key");

        Assert.Equal(await IdOf(first), await IdOf(withinADay));
        Assert.NotEqual(await IdOf(first), await IdOf(nextDay));
        Assert.Equal(2, (await world.Emulator.Control.GetSentAsync(email)).Count);
    }

    [Fact]
    public async Task A_key_used_again_after_its_window_is_a_new_send_that_yesterdays_message_does_not_answer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TestWorld.StartAsync(mailboxClock: clock);
        using var api = world.Api();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, path, email);

        using var yesterday = await SendAsync(api, path, Payload, "reused-key");
        clock.Advance(TimeSpan.FromHours(25));
        await world.Emulator.Control.AddFaultAsync(new FaultRule("graph", 500, PathContains: "sendMail"));
        using var today = await SendAsync(api, path, new { to = "other@example.com", subject = "Another day", body = "y" }, "reused-key");

        Assert.Equal(HttpStatusCode.OK, yesterday.StatusCode);
        await ProblemAssert.IsProblem(today, HttpStatusCode.ServiceUnavailable, "send_outcome_unknown");
        Assert.Single(await world.Emulator.Control.GetGraphSentAsync(email));
    }

    [Fact]
    public async Task An_outlook_5xx_on_a_send_is_not_retried_and_the_same_key_sends_once_the_outcome_has_settled()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TestWorld.StartAsync(mailboxClock: clock);
        using var api = world.Api();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, path, email);
        await world.Emulator.Control.AddFaultAsync(new FaultRule("graph", 502, PathContains: "sendMail"));

        using var failed = await SendAsync(api, path, Payload, "graph-5xx-key");
        clock.Advance(TimeSpan.FromSeconds(61));
        using var settled = await SendAsync(api, path, Payload, "graph-5xx-key");
        using var again = await SendAsync(api, path, Payload, "graph-5xx-key");

        await ProblemAssert.IsProblem(failed, HttpStatusCode.ServiceUnavailable, "send_outcome_unknown");
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await world.Emulator.Control.GetGraphSentAsync(email));
        Assert.Equal(2, (await world.Emulator.Control.GetRequestsAsync("graph")).Count(r => r.User == email && r.Path.EndsWith("/sendMail", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_mail_readwrite_a_send_whose_connection_drops_after_graph_sent_the_draft_answers_its_id_once()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["OUTLOOK_OAUTH_SCOPES"] = "Mail.ReadWrite" });
        using var api = world.Api();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, path, email);
        await world.Emulator.Control.DropConnectionAfterHandlingAsync("graph", "/send");

        using var first = await SendAsync(api, path, Payload, "draft-drop-key");
        using var retry = await SendAsync(api, path, Payload, "draft-drop-key");

        var sent = Assert.Single(await world.Emulator.Control.GetGraphSentAsync(email));
        Assert.Equal(sent.MessageId, await IdOf(first));
        Assert.Equal(sent.MessageId, await IdOf(retry));
    }

    [Fact]
    public async Task A_keyed_retry_after_the_mailbox_was_disconnected_still_answers_the_first_result()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAsync(api, "gmail");
        using var first = await SendAsync(api, path, Payload, "before-disconnect");
        using (var deleted = await api.DeleteAsync(path))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var retry = await SendAsync(api, path, Payload, "before-disconnect");
        using var fresh = await SendAsync(api, path, Payload, "after-disconnect");

        Assert.Equal(await IdOf(first), await IdOf(retry));
        await ProblemAssert.IsProblem(fresh, HttpStatusCode.Conflict, "not_connected");
        Assert.Single(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task An_unkeyed_send_answered_with_a_5xx_is_not_retried_and_says_it_may_have_been_sent()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAsync(api, "gmail");
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 503, PathContains: "messages/send"));

        using var response = await SendAsync(api, path, Payload);

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.BadGateway, "provider_error");
        Assert.Contains("may have been sent", detail);
        Assert.Single(await World.Emulator.Control.GetRequestsAsync("gmail"), r => r.User == email && r.Path.EndsWith("/send", StringComparison.Ordinal));
    }

    private async Task<(string Path, string Email)> ConnectedAsync(HttpClient api, string provider)
    {
        var path = $"/api/{provider}/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        return (path, email);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient api, string path, object payload, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/send") { Content = JsonContent.Create(payload) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await api.SendAsync(request);
    }

    private static async Task<string?> IdOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
    }
}
