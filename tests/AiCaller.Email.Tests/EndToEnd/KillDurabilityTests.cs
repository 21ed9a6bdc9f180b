using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>The embedded default's database survives the process being killed outright, not just a clean stop.</summary>
public sealed class KillDurabilityTests
{
    private const string GmailPath = "/api/gmail/accounts/agent-1";
    private const string OutlookPath = "/api/outlook/accounts/agent-1";

    [Fact]
    public async Task Mailboxes_and_idempotency_records_survive_kill_minus_nine()
    {
        await using var world = await ProcessWorld.StartAsync();
        var gmailEmail = TestWorld.NewEmail();
        var outlookEmail = TestWorld.NewEmail();
        string? firstId;

        await using (var first = await world.StartApiAsync())
        {
            using var api = first.Client();
            await ConnectAsync(api, world.Emulator, GmailPath, gmailEmail, microsoft: false);
            await ConnectAsync(api, world.Emulator, OutlookPath, outlookEmail, microsoft: true);
            firstId = await SendAsync(api, GmailPath, "kill-key");

            await first.KillAsync();
        }

        await using var second = await world.StartApiAsync();
        using var restarted = second.Client();

        foreach (var (path, email) in new[] { (GmailPath, gmailEmail), (OutlookPath, outlookEmail) })
        {
            var status = await restarted.GetFromJsonAsync<JsonElement>($"{path}/status");
            Assert.Equal("connected", status.GetProperty("status").GetString());
            Assert.Equal(email, status.GetProperty("email").GetString());
            using var list = await restarted.GetAsync($"{path}/messages");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        Assert.Equal(firstId, await SendAsync(restarted, GmailPath, "kill-key"));
        Assert.Single(await world.Emulator.Control.GetSentAsync(gmailEmail));
        var accounts = await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        Assert.Contains(accounts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == "agent-1");

        Assert.Empty(StoredData.PlainTextOf(world.DataDirectory, "ya29.", "1//emu-", gmailEmail, outlookEmail));
    }

    [Fact]
    public async Task A_send_killed_after_gmail_took_it_is_found_by_the_retry_and_not_sent_twice()
    {
        await using var world = await ProcessWorld.StartAsync();
        var email = TestWorld.NewEmail();

        await using (var first = await world.StartApiAsync())
        {
            using var api = first.Client();
            await ConnectAsync(api, world.Emulator, GmailPath, email, microsoft: false);

            // Gmail takes the message, then its answer is held back until the host is gone.
            await world.Emulator.Control.HoldResponseAfterHandlingAsync("gmail", 120_000, "messages/send");
            var sending = TrySendAsync(api, GmailPath, "mid-send-key");
            for (var poll = 0; poll < 300 && (await world.Emulator.Control.GetSentAsync(email)).Count == 0; poll++)
            {
                await Task.Delay(100);
            }

            Assert.Single(await world.Emulator.Control.GetSentAsync(email));
            await first.KillAsync();
            Assert.Null(await sending);
        }

        var sent = Assert.Single(await world.Emulator.Control.GetSentAsync(email));
        await using var second = await world.StartApiAsync();
        using var restarted = second.Client();

        Assert.Equal(sent.Id, await SendAsync(restarted, GmailPath, "mid-send-key"));
        Assert.Equal(sent.Id, await SendAsync(restarted, GmailPath, "mid-send-key"));
        Assert.Single(await world.Emulator.Control.GetSentAsync(email));
    }

    /// <summary>A send whose process may be killed under it: the answer's status, or null when there was none.</summary>
    private static async Task<HttpStatusCode?> TrySendAsync(HttpClient api, string path, string idempotencyKey)
    {
        try
        {
            using var response = await api.SendAsync(SendRequest(path, idempotencyKey));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task ConnectAsync(HttpClient api, EmulatorHost emulator, string path, string email, bool microsoft)
    {
        var start = await api.GetFromJsonAsync<JsonElement>($"{path}/oauth/start");
        var authUrl = new Uri(start.GetProperty("auth_url").GetString()!);
        var callback = microsoft ? await emulator.Control.MicrosoftConsentAsync(authUrl, email) : await emulator.Control.ConsentAsync(authUrl, email);
        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string?> SendAsync(HttpClient api, string path, string idempotencyKey)
    {
        using var response = await api.SendAsync(SendRequest(path, idempotencyKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
    }

    private static HttpRequestMessage SendRequest(string path, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/send")
        {
            Content = JsonContent.Create(new { to = "a@example.com", subject = "before the kill", body = "x" }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }
}
