using System.Net.Http.Json;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>POST send of a small text message, spread over the connected mailboxes.</summary>
public sealed class SendScenario : IBenchmarkScenario
{
    public string Name => "send";

    public string Description => "POST /api/gmail/accounts/{account}/send, a small text message";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var world = await context.SharedWorldAsync();
        var mailboxes = await world.EnsureConnectedAsync(BenchmarkTenant.Bench, context.Options.Mailboxes, context.Options.Concurrency);
        var table = await MailboxLoad.RunAsync(context, Name, mailboxes, (api, mailbox, i) =>
            api.PostAsJsonAsync($"{mailbox.Path}/send", new
            {
                to = $"customer{i % 97}@example.net",
                subject = $"Follow-up on call {i}",
                body = "Thanks for your time on the phone today. As promised, here is the summary of our call.",
            }));
        return [table];
    }
}
