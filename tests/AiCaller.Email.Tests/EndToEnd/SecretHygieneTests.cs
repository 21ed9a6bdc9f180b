using System.Net;
using System.Net.Http.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>Tokens, codes and secrets never reach a log line or an API answer.</summary>
public sealed class SecretHygieneTests
{
    private static readonly string[] SecretMarkers = ["ya29.", "1//emu-", "4/0Aemu", "emulator-secret"];

    [Fact]
    public async Task A_whole_mailbox_lifecycle_logs_no_token_code_or_client_secret()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        var email = TestWorld.NewEmail();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var answers = new List<string>();

        var connected = await world.ConnectAsync(api, path, email);
        answers.Add(connected.GetRawText());
        using (var send = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "s", body = "b" }))
        {
            Assert.Equal(HttpStatusCode.OK, send.StatusCode);
            answers.Add(await send.Content.ReadAsStringAsync());
        }

        await world.Emulator.Control.ExpireAccessTokensAsync(email);
        answers.Add(await api.GetStringAsync($"{path}/messages"));
        answers.Add(await api.GetStringAsync($"{path}/status"));
        answers.Add(await api.GetStringAsync("/api/gmail/accounts"));
        answers.Add(await api.GetStringAsync("/api/health/integrations"));
        await world.Emulator.Control.RevokeUserAsync(email);
        using (var failed = await api.GetAsync($"{path}/messages"))
        {
            answers.Add(await failed.Content.ReadAsStringAsync());
        }

        using (var deleted = await api.DeleteAsync(path))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.NotEmpty(world.Host.Logs.Lines);
        foreach (var marker in SecretMarkers)
        {
            Assert.DoesNotContain(world.Host.Logs.Lines, line => line.Contains(marker, StringComparison.Ordinal));
            Assert.DoesNotContain(answers, answer => answer.Contains(marker, StringComparison.Ordinal));
        }
    }
}
