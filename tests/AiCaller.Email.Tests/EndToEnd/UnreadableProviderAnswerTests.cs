using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// A provider's 2xx whose body is not the JSON it sends (a proxy's or captive portal's page, a cut-off body) is the
/// provider side's failure: 502 provider_error, never a 400 that blames the caller; a send the provider took is not
/// sent again and, where the provider can be asked, is reported with its id.
/// </summary>
public sealed class UnreadableProviderAnswerTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private const string PortalPage = "<html><body><h1>Welcome to the hotel network</h1></body></html>";

    private TestWorld World => fixture.World;

    [Theory]
    [InlineData("gmail", PortalPage)]
    [InlineData("gmail", """{"messages": [{"id": """)]
    [InlineData("outlook", PortalPage)]
    [InlineData("outlook", """{"value": [{"id": """)]
    public async Task A_list_answered_2xx_with_something_else_than_json_is_502(string provider, string body)
    {
        using var api = World.Api();
        var path = await ConnectedAccountAsync(api, provider);
        await World.Emulator.Control.AddFaultAsync(new FaultRule(Target(provider), 200, PathContains: "/messages", Body: body));

        using var response = await api.GetAsync($"{path}/messages");

        Assert.Contains("not the JSON", await ProblemAssert.IsProblem(response, HttpStatusCode.BadGateway, "provider_error"));
        using var again = await api.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task An_outlook_message_answered_with_a_page_is_502()
    {
        using var api = World.Api();
        var path = await ConnectedAccountAsync(api, "outlook");
        await World.Emulator.Control.AddFaultAsync(new FaultRule("graph", 200, PathContains: "/messages/", Body: PortalPage));

        using var response = await api.GetAsync($"{path}/messages/AAMkAGI2TG93AAA=");

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadGateway, "provider_error");
    }

    [Fact]
    public async Task A_gmail_send_answered_with_a_page_and_not_sent_is_502_and_not_repeated()
    {
        using var api = World.Api();
        var path = await ConnectedAccountAsync(api, "gmail");
        var email = (await api.GetFromJsonAsync<JsonElement>($"{path}/status")).GetProperty("email").GetString()!;
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 200, PathContains: "/send", Body: PortalPage));

        using var response = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "portal", body = "x" });

        Assert.Contains("not the JSON", await ProblemAssert.IsProblem(response, HttpStatusCode.BadGateway, "provider_error"));
        // The fault answered without sending: had the host posted again, the second post would have been sent.
        Assert.Empty(await World.Emulator.Control.GetSentAsync(email));
    }

    [Fact]
    public async Task A_gmail_send_that_went_out_but_came_back_as_a_page_is_reported_with_its_id()
    {
        using var api = World.Api();
        var path = await ConnectedAccountAsync(api, "gmail");
        var email = (await api.GetFromJsonAsync<JsonElement>($"{path}/status")).GetProperty("email").GetString()!;
        await World.Emulator.Control.ReplaceBodyAfterHandlingAsync("gmail", PortalPage, pathContains: "/send");

        using var response = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "went out", body = "x" });

        // The message is in Sent; the host found it by its marker instead of sending it again.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(await World.Emulator.Control.GetSentAsync(email));
        Assert.Equal(sent.Id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_outlook_send_graph_accepted_is_sent_once_whatever_its_body()
    {
        using var api = World.Api();
        var path = await ConnectedAccountAsync(api, "outlook");
        var email = (await api.GetFromJsonAsync<JsonElement>($"{path}/status")).GetProperty("email").GetString()!;
        await World.Emulator.Control.ReplaceBodyAfterHandlingAsync("graph", PortalPage, pathContains: "/sendMail");

        using var response = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "accepted", body = "x" });

        // sendMail answers 202 with no body the host reads: what matters is that Graph accepted it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await World.Emulator.Control.GetGraphSentAsync(email));
    }

    private async Task<string> ConnectedAccountAsync(HttpClient api, string provider)
    {
        var path = $"/api/{provider}/accounts/{TestWorld.NewAccount()}";
        await World.ConnectAsync(api, path, TestWorld.NewEmail());
        return path;
    }

    private static string Target(string provider) => provider == "gmail" ? "gmail" : "graph";
}
