using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;
using AiCaller.Email.ProviderEmulator.Control;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>GET messages (max_results=10) over the connected mailboxes, each with a few seeded messages.</summary>
public sealed class ListScenario : IBenchmarkScenario
{
    private const int SeededPerMailbox = 3;

    public string Name => "list";

    public string Description => "GET /api/gmail/accounts/{account}/messages?max_results=10";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var world = await context.SharedWorldAsync();
        var mailboxes = await world.EnsureConnectedAsync(BenchmarkTenant.Bench, context.Options.Mailboxes, context.Options.Concurrency);
        await SeedAsync(world.Control, mailboxes, context.Options.Concurrency);

        var table = await MailboxLoad.RunAsync(context, Name, mailboxes, (api, mailbox, _) =>
            api.GetAsync($"{mailbox.Path}/messages?max_results=10"));
        return [table];
    }

    private static async Task SeedAsync(EmulatorControlClient emulator, IReadOnlyList<BenchmarkMailbox> mailboxes, int concurrency)
    {
        Console.WriteLine($"  setup: seeding {SeededPerMailbox} messages into each of {mailboxes.Count} mailboxes");
        var seeded = await LoadRunner.RunAsync("seed", mailboxes.Count * SeededPerMailbox, concurrency, TimeSpan.FromMinutes(2), async i =>
        {
            var mailbox = mailboxes[i / SeededPerMailbox];
            await emulator.SeedMessageAsync(mailbox.Email, new SeedMessageRequest(
                "caller@example.net", [mailbox.Email], $"Reply {i % SeededPerMailbox}", BodyText: "Yes, Tuesday at ten works for me."));
            return "ok";
        }, CancellationToken.None);
        if (seeded.Outcomes.Errors("ok") != "none")
        {
            throw new InvalidOperationException($"seeding failed: {seeded.Outcomes.Errors("ok")}");
        }
    }
}
