using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Control;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>A user connecting a mailbox, as every world's tests do it.</summary>
public static class MailboxConsent
{
    /// <summary>Runs the whole consent: start, the emulator's consent page, then the callback as an API client.</summary>
    public static async Task<JsonElement> ConnectAsync(HttpClient api, EmulatorControlClient emulator, string mailboxPath, string email)
    {
        var start = await api.GetFromJsonAsync<JsonElement>($"{mailboxPath}/oauth/start");
        var authUrl = new Uri(start.GetProperty("auth_url").GetString()!);
        var callback = await DecideAsync(emulator, mailboxPath.StartsWith("/api/outlook", StringComparison.Ordinal) ? "outlook" : "gmail", authUrl, email);
        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"callback answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The user on <paramref name="provider"/>'s consent page: Allow or Deny; returns where the provider sends the browser.</summary>
    public static Task<Uri> DecideAsync(EmulatorControlClient emulator, string provider, Uri authUrl, string email, bool allow = true) =>
        provider == "outlook" ? emulator.MicrosoftConsentAsync(authUrl, email, allow) : emulator.ConsentAsync(authUrl, email, allow);
}
