using System.Net;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator;
using Microsoft.Graph;
using Microsoft.Graph.Me.SendMail;
using Microsoft.Graph.Models;

namespace AiCaller.Email.Tests.Emulator;

/// <summary>
/// Single-value extended properties through the Graph SDK: a send tagged with one is found again in Sent Items by
/// <c>$filter</c> and shows it with <c>$expand</c>, as a client that lost a send's answer needs.
/// </summary>
public sealed partial class MicrosoftEmulatorTests
{
    private const string SendKeyGuid = "0b8e4d4c-1f7a-4c38-9a27-5a0f0e1c2d3b";
    private const string SendKey = "String {" + SendKeyGuid + "} Name AiCallerSendKey";

    [Fact]
    public async Task Graph_sdk_tags_sendmail_with_an_extended_property_and_a_filter_finds_it_in_sent_items()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var token = (await ConnectAsync(emulator, BuildApp(factory), User)).AccessToken;
        using var graph = NewGraph(emulator, token);
        const string Marker = "send-7f3c+a/b==";

        await graph.Me.SendMail.PostAsync(new SendMailPostRequestBody { Message = Tagged("Follow-up", "bob@example.com", Marker), SaveToSentItems = true });
        await graph.Me.SendMail.PostAsync(new SendMailPostRequestBody { Message = Tagged("Another", "bob@example.com", "send-other"), SaveToSentItems = true });

        // The SDK writes the property the way the emulator reads it, and the Sent Items copy keeps it.
        var sent = (await emulator.Control.GetGraphSentAsync(User))[0];
        using (var request = JsonDocument.Parse(sent.RequestJson))
        {
            var written = Assert.Single(request.RootElement.GetProperty("Message").GetProperty("singleValueExtendedProperties").EnumerateArray());
            Assert.Equal((SendKey, Marker), (written.GetProperty("id").GetString(), written.GetProperty("value").GetString()));
        }

        Assert.Equal(Marker, sent.Message.GetProperty("singleValueExtendedProperties")[0].GetProperty("value").GetString());

        var found = (await graph.Me.MailFolders["sentitems"].Messages.GetAsync(r =>
        {
            r.QueryParameters.Filter = ByKey(Marker);
            r.QueryParameters.Expand = [$"singleValueExtendedProperties($filter=id eq '{SendKey}')"];
        }))!.Value!;
        var message = Assert.Single(found);
        var messageId = message.Id!;
        Assert.Equal(sent.MessageId, messageId);
        var shown = Assert.Single(message.SingleValueExtendedProperties!);
        Assert.Equal((SendKey, Marker), (shown.Id, shown.Value));

        // Anywhere in the mailbox, the value without regard to case, the GUID in any case, with other clauses.
        Assert.Equal([messageId], await IdsAsync(graph, null, ByKey(Marker)));
        Assert.Equal([messageId], await IdsAsync(graph, "SentItems", ByKey(Marker.ToUpperInvariant())));
        Assert.Equal([messageId], await IdsAsync(graph, "sentitems", ByKey(Marker, SendKey.Replace(SendKeyGuid, SendKeyGuid.ToUpperInvariant()))));
        Assert.Equal([messageId], await IdsAsync(graph, "sentitems", $"isDraft eq false and {ByKey(Marker)}"));
        Assert.Empty(await IdsAsync(graph, "sentitems", $"isRead eq false and {ByKey(Marker)}"));

        // Not for another value, not with the Name in another case, not in other folders.
        Assert.Empty(await IdsAsync(graph, "sentitems", ByKey("send-7f3c")));
        Assert.Empty(await IdsAsync(graph, "sentitems", ByKey(Marker, SendKey.Replace("AiCallerSendKey", "aicallersendkey"))));
        Assert.Empty(await IdsAsync(graph, "inbox", ByKey(Marker)));
        Assert.Empty(await IdsAsync(graph, "drafts", ByKey(Marker)));

        // Shown only when expanded by its id; internetMessageId names the message too.
        Assert.Null((await graph.Me.Messages[messageId].GetAsync())!.SingleValueExtendedProperties);
        Assert.Equal(Marker, Assert.Single((await graph.Me.Messages[messageId].GetAsync(r =>
            r.QueryParameters.Expand = [$"singleValueExtendedProperties($filter=id eq '{SendKey}')"]))!.SingleValueExtendedProperties!).Value);
        Assert.Equal([messageId], await IdsAsync(graph, "sentitems", $"internetMessageId eq '{message.InternetMessageId}'"));

        // The SDK escapes the marker's '+'; unescaped, Graph (and the emulator) would read it as a space.
        Assert.Contains("%2B", (await emulator.Control.GetRequestsAsync("graph")).First(e => e.Query.Contains("AiCallerSendKey")).Query);
    }

    [Fact]
    public async Task A_tagged_draft_keeps_its_property_into_sent_items_and_a_copy_to_self_arrives_without_it()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var token = (await ConnectAsync(emulator, BuildApp(factory), User, [.. Scopes, "Mail.ReadWrite"])).AccessToken;
        using var graph = NewGraph(emulator, token);

        var draft = (await graph.Me.Messages.PostAsync(Tagged("Draft first", "dave@example.com", "key-draft")))!;
        Assert.Equal([draft.Id!], await IdsAsync(graph, "drafts", ByKey("key-draft")));
        await graph.Me.Messages[draft.Id].Send.PostAsync();
        Assert.Empty(await IdsAsync(graph, "drafts", ByKey("key-draft")));
        var sentId = Assert.Single(await IdsAsync(graph, "sentitems", ByKey("key-draft")));

        // PATCH sets a property on any message; the same id replaces the value.
        await graph.Me.Messages[sentId].PatchAsync(new Message
        {
            SingleValueExtendedProperties = [new SingleValueLegacyExtendedProperty { Id = SendKey, Value = "key-patched" }],
        });
        Assert.Equal([sentId], await IdsAsync(graph, "sentitems", ByKey("key-patched")));
        Assert.Empty(await IdsAsync(graph, "sentitems", ByKey("key-draft")));

        await graph.Me.SendMail.PostAsync(new SendMailPostRequestBody { Message = Tagged("Note to self", User, "key-self"), SaveToSentItems = true });
        Assert.Single(await IdsAsync(graph, "sentitems", ByKey("key-self")));
        Assert.Empty(await IdsAsync(graph, "inbox", ByKey("key-self")));
        Assert.Single(await IdsAsync(graph, "inbox", "subject eq 'Note to self'"));
    }

    [Fact]
    public async Task Extended_property_queries_follow_graphs_url_and_syntax_rules()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var token = (await ConnectAsync(emulator, BuildApp(factory), User)).AccessToken;
        using var graph = NewGraph(emulator, token);
        using var http = NewClient(emulator);
        await graph.Me.SendMail.PostAsync(new SendMailPostRequestBody { Message = Tagged("Plus", "bob@example.com", "a+b c"), SaveToSentItems = true });
        var id = Assert.Single((await graph.Me.MailFolders["sentitems"].Messages.GetAsync())!.Value!).Id!;

        // Escaped as the docs ask, spaces and all; a '+' left unescaped reads as a space and matches nothing.
        var filter = ByKey("a+b c");
        Assert.Equal([id], await RawIdsAsync(http, token, "$filter=" + Uri.EscapeDataString(filter)));
        Assert.Empty(await RawIdsAsync(http, token, "$filter=" + Uri.EscapeDataString(filter).Replace("%2B", "+")));

        // The documented variants: any/Any, ep/Id, contains and startswith on the value, an id filter in parentheses.
        Assert.Equal([id], await RawIdsAsync(http, token, "$filter=" + Uri.EscapeDataString(
            $"singleValueExtendedProperties/any(ep:ep/Id eq '{SendKey}' and contains(ep/Value, 'B C'))")));
        Assert.Equal([id], await RawIdsAsync(http, token, "$filter=" + Uri.EscapeDataString(
            $"singleValueExtendedProperties/any(x: x/id eq '{SendKey}' and startswith(x/value,'a+') and x/value ne 'a')")));
        var expanded = await GraphJsonAsync(http, token, $"me/messages/{id}?$expand=" + Uri.EscapeDataString($"singleValueExtendedProperties($filter=(Id eq '{SendKey}'))"));
        Assert.Equal("a+b c", expanded.Json.GetProperty("singleValueExtendedProperties")[0].GetProperty("value").GetString());

        // Refusals are 400s: no id clause, an id that is not one, a typed comparison, an expand without an id filter.
        string[] refused =
        [
            "$filter=" + Uri.EscapeDataString("singleValueExtendedProperties/any(ep: ep/value eq 'a+b c')"),
            "$filter=" + Uri.EscapeDataString("singleValueExtendedProperties/any(ep: ep/id eq 'Text {x} Name y' and ep/value eq 'a')"),
            "$filter=" + Uri.EscapeDataString($"singleValueExtendedProperties/any(ep: ep/id eq '{SendKey}' and cast(ep/value, Edm.Int32) eq 12)"),
            "$expand=singleValueExtendedProperties",
        ];
        foreach (var query in refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await GraphJsonAsync(http, token, "me/messages?" + query)).Status);
        }

        var badId = await GraphJsonAsync(http, token, "me/sendMail",
            """{"message":{"toRecipients":[{"emailAddress":{"address":"bob@example.com"}}],"singleValueExtendedProperties":[{"id":"Text 0x1","value":"x"}]}}""");
        Assert.Equal((HttpStatusCode.BadRequest, "ErrorInvalidExtendedProperty"), (badId.Status, ErrorCode(badId.Json)));
        Assert.Single(await emulator.Control.GetGraphSentAsync(User));
    }

    [Fact]
    public async Task A_dropped_sendmail_leaves_one_tagged_message_in_sent_items_for_the_caller_to_find()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var factory = new EmulatorHttpClientFactory(emulator.BaseUrl);
        var token = (await ConnectAsync(emulator, BuildApp(factory), User)).AccessToken;
        using var graph = NewGraph(emulator, token);
        await emulator.Control.DropConnectionAfterHandlingAsync("graph", pathContains: "/sendMail");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => graph.Me.SendMail.PostAsync(
            new SendMailPostRequestBody { Message = Tagged("Lost answer", "bob@example.com", "key-lost"), SaveToSentItems = true }));

        Assert.Single(await emulator.Control.GetGraphSentAsync(User));
        Assert.Single(await IdsAsync(graph, "sentitems", ByKey("key-lost")));
    }

    private static Message Tagged(string subject, string to, string marker) => new()
    {
        Subject = subject,
        Body = new ItemBody { ContentType = BodyType.Text, Content = "hello" },
        ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = to } }],
        SingleValueExtendedProperties = [new SingleValueLegacyExtendedProperty { Id = SendKey, Value = marker }],
    };

    private static string ByKey(string marker, string id = SendKey) =>
        $"singleValueExtendedProperties/Any(ep: ep/id eq '{id}' and ep/value eq '{marker.Replace("'", "''")}')";

    private static async Task<string[]> IdsAsync(GraphServiceClient graph, string? folder, string filter)
    {
        var page = folder is null
            ? await graph.Me.Messages.GetAsync(r => r.QueryParameters.Filter = filter)
            : await graph.Me.MailFolders[folder].Messages.GetAsync(r => r.QueryParameters.Filter = filter);
        return page!.Value!.Select(m => m.Id!).ToArray();
    }

    /// <summary>The ids a plain HttpClient gets for a query string written exactly as given.</summary>
    private static async Task<string[]> RawIdsAsync(HttpClient http, string token, string query)
    {
        var answer = await GraphJsonAsync(http, token, "me/mailFolders/sentitems/messages?" + query);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Json.GetProperty("value").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
    }
}
