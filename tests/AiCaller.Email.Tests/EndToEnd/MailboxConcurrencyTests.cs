using System.Net;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

public sealed class MailboxConcurrencyTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task A_mailbox_makes_at_most_four_concurrent_provider_calls_and_queues_the_rest()
    {
        using var api = World.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await World.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest("a@example.org", [email], $"m{i}", BodyText: "x"))).Id);
        }

        // Every call is slow, so that callers pile up behind the gate.
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 0, Count: 12, PathContains: "/messages/", DelayMs: 200));
        await World.Emulator.Control.ClearRequestsAsync();

        var responses = await Task.WhenAll(ids.Select(id => api.GetAsync($"{path}/messages/{id}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var maxInFlight = (await World.Emulator.Control.GetMaxConcurrencyAsync())[email];
        Assert.Equal(4, maxInFlight);
    }

    [Fact]
    public async Task Each_mailbox_has_its_own_gate()
    {
        using var api = World.Api();
        var mailboxes = new List<(string Path, string Email, string Id)>();
        for (var i = 0; i < 3; i++)
        {
            var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
            var email = TestWorld.NewEmail();
            await World.ConnectAsync(api, path, email);
            var seeded = await World.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest("a@example.org", [email], "m", BodyText: "x"));
            mailboxes.Add((path, email, seeded.Id));
        }

        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 0, Count: 24, PathContains: "/messages/", DelayMs: 200));
        await World.Emulator.Control.ClearRequestsAsync();

        var responses = await Task.WhenAll(mailboxes.SelectMany(m => Enumerable.Range(0, 8).Select(_ => api.GetAsync($"{m.Path}/messages/{m.Id}"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var maxInFlight = await World.Emulator.Control.GetMaxConcurrencyAsync();
        Assert.All(mailboxes, m => Assert.Equal(4, maxInFlight[m.Email]));
    }
}
