using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.ProviderEmulator.Control;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The whole consent as a user and an API client go through it: the API's oauth/start, the emulator's consent
/// page, then the API's callback asking for JSON.
/// </summary>
public sealed class OAuthConnector(EmulatorControlClient emulator)
{
    public const string Connected = "200";

    /// <returns><see cref="Connected"/>, or the step and status that failed, e.g. "callback 502".</returns>
    public async Task<string> ConnectAsync(HttpClient api, BenchmarkMailbox mailbox)
    {
        using var start = await api.GetAsync($"{mailbox.Path}/oauth/start");
        if (!start.IsSuccessStatusCode)
        {
            return $"start {(int)start.StatusCode}";
        }

        var authUrl = new Uri((await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_url").GetString()!);
        var callback = mailbox.Provider == ProviderName.Outlook
            ? await emulator.MicrosoftConsentAsync(authUrl, mailbox.Email)
            : await emulator.ConsentAsync(authUrl, mailbox.Email);

        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await api.SendAsync(request);
        return response.IsSuccessStatusCode ? Connected : $"callback {(int)response.StatusCode}";
    }
}
