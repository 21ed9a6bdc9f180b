using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Cluster;

/// <summary>Several API hosts behind a load balancer: any of them serves any step of any mailbox.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiHostsTests
{
    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public async Task An_oauth_flow_started_on_one_api_host_completes_on_another(string provider)
    {
        await using var world = await ClusterWorld.StartAsync(silos: 2);
        var first = world.Api;
        var second = await world.StartApiAsync();
        using var apiOne = first.Client();
        using var apiTwo = second.Client();
        var path = $"/api/{provider}/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();

        var start = await apiOne.GetFromJsonAsync<JsonElement>($"{path}/oauth/start");
        var authUrl = new Uri(start.GetProperty("auth_url").GetString()!);
        var callback = provider == "outlook"
            ? await world.Emulator.Control.MicrosoftConsentAsync(authUrl, email)
            : await world.Emulator.Control.ConsentAsync(authUrl, email);
        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var completed = await apiTwo.SendAsync(request);

        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
        foreach (var api in new[] { apiOne, apiTwo })
        {
            var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
            Assert.Equal("connected", status.GetProperty("status").GetString());
            Assert.Equal(email, status.GetProperty("email").GetString());
        }

        using var sent = await apiTwo.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "from the second host", body = "x" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        using var listed = await apiOne.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    [Fact]
    public async Task An_api_host_that_is_a_client_of_the_cluster_serves_the_dashboard_of_every_silo()
    {
        await using var world = await ClusterWorld.StartAsync(silos: 2);
        using var api = world.Api.Client();
        var silos = world.Silos.Select(s => $"127.0.0.1:{s.SiloPort}").Order().ToList();

        // The silos report their counters about once a second; the dashboard's page polls as often.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> active;
        do
        {
            using var response = await api.GetAsync("/dashboard/DashboardCounters");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var counters = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            active = counters.GetProperty("hosts").EnumerateArray()
                .Where(h => h.GetProperty("status").GetString() == "Active")
                .Select(h => h.GetProperty("siloAddress").GetString()!.Split('@')[0])
                .Order().ToList();
        }
        while (!active.SequenceEqual(silos) && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(silos, active);
        using var page = await api.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        static async Task<bool> Delay()
        {
            await Task.Delay(250);
            return true;
        }
    }
}
