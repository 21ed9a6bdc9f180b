using System.Text.Json;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// One operation of the routed comparison: the API request a client makes for it. Which provider calls it costs is
/// not written here but seen: the scenario tries it once and reads the stand-in's log.
/// </summary>
/// <param name="ListLength">For a list, how many messages its answer must hold: all the canned list's, none left out.</param>
/// <param name="OnlyWhenNamed">Left out of a run that names no operations, so that the default run measures the issue's five.</param>
public sealed record RoutedOperation(
    string Name, ProviderName Provider, string Method, string Description, Func<BenchmarkMailbox, string> ApiPath,
    int ListLength = 0, bool OnlyWhenNamed = false)
{
    /// <summary>The message every send sends: short, text only, one recipient, as an agent's follow-up would be.</summary>
    public static readonly SendMailRequest Message = new(
        ["customer@example.net"], [], [], "Follow-up on our call",
        "Thanks for your time on the phone today. As promised, here is the summary of our call.", null, null, []);

    public static IReadOnlyList<RoutedOperation> All { get; } =
    [
        new("gmail-get", ProviderName.Gmail, "GET", "one message: Gmail messages.get, format=full",
            m => $"{m.Path}/messages/{CannedAnswers.GmailMessageId}"),
        new("gmail-send", ProviderName.Gmail, "POST", "send a text message: Gmail messages.send, media upload",
            m => $"{m.Path}/send"),
        new("gmail-list", ProviderName.Gmail, "GET", "list of 1: Gmail messages.list, then messages.get format=metadata",
            m => $"{m.Path}/messages?max_results=1", ListLength: 1),
        new("gmail-list-10", ProviderName.Gmail, "GET", "list of 10: Gmail messages.list, then one batch of 10 messages.get format=metadata",
            m => $"{m.Path}/messages?max_results=10", ListLength: 10, OnlyWhenNamed: true),
        new("outlook-get", ProviderName.Outlook, "GET", "one text message without attachments: Graph GET /me/messages/{id}",
            m => $"{m.Path}/messages/{CannedAnswers.GraphMessageId}"),
        new("outlook-send", ProviderName.Outlook, "POST", "send a text message: Graph POST /me/sendMail (202)",
            m => $"{m.Path}/send"),
    ];

    public bool Sends => Method == "POST";

    /// <summary>The operations named, in catalog order; for none, all but those run only when named.</summary>
    public static IReadOnlyList<RoutedOperation> Select(IReadOnlyList<string> names)
    {
        var unknown = names.Except(All.Select(o => o.Name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown operation(s) {string.Join(", ", unknown)}; known: {string.Join(", ", All.Select(o => o.Name))}");
        }

        return names.Count == 0 ? All.Where(o => !o.OnlyWhenNamed).ToList() : All.Where(o => names.Contains(o.Name)).ToList();
    }

    /// <summary>The client's request to the API for this mailbox, with the tenant's API key.</summary>
    public HttpCall ApiCall(BenchmarkMailbox mailbox)
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {mailbox.Tenant.ApiKey}" };
        if (!Sends)
        {
            return new HttpCall(Method, ApiPath(mailbox), headers);
        }

        headers["Content-Type"] = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new { to = Message.To[0], subject = Message.Subject, body = Message.Body });
        return new HttpCall(Method, ApiPath(mailbox), headers, body);
    }
}
