using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Api;

/// <summary>The embedded default's files survive the process being killed outright, not just a clean stop.</summary>
public sealed class KillDurabilityTests
{
    [Fact]
    public async Task Mailboxes_and_idempotency_records_survive_kill_minus_nine()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var root = Path.Combine(Path.GetTempPath(), "aicaller-kill-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var settings = ProductSettings.For(emulator.BaseUrl).ToDictionary(e => e.Key, e => (string?)e.Value);
        settings["DATA_DIR"] = Path.Combine(root, "data");
        settings["PUBLIC_BASE_URL"] = "http://localhost";
        var gmailEmail = TestWorld.NewEmail();
        var outlookEmail = TestWorld.NewEmail();
        string? firstId;

        try
        {
            await using (var first = await ApiProcess.StartAsync(settings, root))
            {
                using var api = first.Client();
                await ConnectAsync(api, emulator, "/api/gmail/accounts/agent-1", gmailEmail, microsoft: false);
                await ConnectAsync(api, emulator, "/api/outlook/accounts/agent-1", outlookEmail, microsoft: true);
                firstId = await SendAsync(api, "/api/gmail/accounts/agent-1", "kill-key");

                await first.KillAsync();
            }

            await using var second = await ApiProcess.StartAsync(settings, root);
            using var restarted = second.Client();

            foreach (var (path, email) in new[] { ("/api/gmail/accounts/agent-1", gmailEmail), ("/api/outlook/accounts/agent-1", outlookEmail) })
            {
                var status = await restarted.GetFromJsonAsync<JsonElement>($"{path}/status");
                Assert.Equal("connected", status.GetProperty("status").GetString());
                Assert.Equal(email, status.GetProperty("email").GetString());
                using var list = await restarted.GetAsync($"{path}/messages");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            }

            Assert.Equal(firstId, await SendAsync(restarted, "/api/gmail/accounts/agent-1", "kill-key"));
            Assert.Single(await emulator.Control.GetSentAsync(gmailEmail));
            var accounts = await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
            Assert.Contains(accounts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == "agent-1");

            Assert.Empty(StoredData.PlainTextOf(Path.Combine(root, "data"), "ya29.", "1//emu-", gmailEmail, outlookEmail));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    [Fact]
    public async Task A_send_killed_after_gmail_took_it_is_found_by_the_retry_and_not_sent_twice()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var root = Path.Combine(Path.GetTempPath(), "aicaller-kill-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var settings = ProductSettings.For(emulator.BaseUrl).ToDictionary(e => e.Key, e => (string?)e.Value);
        settings["DATA_DIR"] = Path.Combine(root, "data");
        settings["PUBLIC_BASE_URL"] = "http://localhost";
        var email = TestWorld.NewEmail();
        const string path = "/api/gmail/accounts/agent-1";

        try
        {
            await using (var first = await ApiProcess.StartAsync(settings, root))
            {
                using var api = first.Client();
                await ConnectAsync(api, emulator, path, email, microsoft: false);

                // Gmail takes the message, then its answer is held back until the host is gone.
                await emulator.Control.HoldResponseAfterHandlingAsync("gmail", 120_000, "messages/send");
                var sending = TrySendAsync(api, path, "mid-send-key");
                for (var poll = 0; poll < 300 && (await emulator.Control.GetSentAsync(email)).Count == 0; poll++)
                {
                    await Task.Delay(100);
                }

                Assert.Single(await emulator.Control.GetSentAsync(email));
                await first.KillAsync();
                Assert.Null(await sending);
            }

            var sent = Assert.Single(await emulator.Control.GetSentAsync(email));
            await using var second = await ApiProcess.StartAsync(settings, root);
            using var restarted = second.Client();

            Assert.Equal(sent.Id, await SendAsync(restarted, path, "mid-send-key"));
            Assert.Equal(sent.Id, await SendAsync(restarted, path, "mid-send-key"));
            Assert.Single(await emulator.Control.GetSentAsync(email));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    /// <summary>A send whose process may be killed under it: the answer's status, or null when there was none.</summary>
    private static async Task<HttpStatusCode?> TrySendAsync(HttpClient api, string path, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/send")
        {
            Content = JsonContent.Create(new { to = "a@example.com", subject = "before the kill", body = "x" }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await api.SendAsync(request);
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
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/send")
        {
            Content = JsonContent.Create(new { to = "a@example.com", subject = "before the kill", body = "x" }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
    }
}
