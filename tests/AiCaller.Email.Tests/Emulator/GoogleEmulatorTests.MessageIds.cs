using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Control;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;

namespace AiCaller.Email.Tests.Emulator;

/// <summary>Message-IDs on Gmail: what a sent message carries, and finding one message by it with rfc822msgid:.</summary>
public sealed partial class GoogleEmulatorTests
{
    [Fact]
    public async Task Gmail_gives_a_sent_message_its_own_message_id_and_rfc822msgid_finds_exactly_that_message()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        var marked = Mime("Marked", "3f2a9c41d0e84b6f@aicaller.email");
        var other = Mime("Other", "77b1e0aa5c2f4e19@aicaller.email");

        var markedId = await UploadAsync(http, tokens.Access, Bytes(marked));
        var otherId = (await GmailAsync(http, tokens.Access, "messages/send", new { raw = WebEncoders.Base64UrlEncode(Bytes(other)) }))
            .Json.GetProperty("id").GetString()!;
        var bare = await GmailAsync(http, tokens.Access, "messages/send",
            new { raw = WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes($"From: {User}\r\nTo: bob@example.com\r\nSubject: bare\r\n\r\nno id")) });
        var bareId = bare.Json.GetProperty("id").GetString()!;

        // The client's Message-ID is gone from what Gmail keeps, replaced by one of Gmail's own; a message without one gets one.
        var gmailId = await MessageIdHeaderAsync(http, tokens.Access, markedId);
        Assert.Matches(@"^<CA[^<>@\s]*\+[^<>@\s]*@mail\.gmail\.com>$", gmailId);
        Assert.NotEqual(gmailId, await MessageIdHeaderAsync(http, tokens.Access, otherId));
        Assert.EndsWith("@mail.gmail.com>", await MessageIdHeaderAsync(http, tokens.Access, bareId));
        Assert.Contains("3f2a9c41d0e84b6f@aicaller.email", Encoding.ASCII.GetString((await emulator.Control.GetSentAsync(User))[0].RawBytes()));

        // Found right after send returned, by the whole id with or without brackets, and combinable with other terms.
        Assert.Equal([markedId], await IdsAsync(http, tokens.Access, $"rfc822msgid:{gmailId}"));
        Assert.Equal([markedId], await IdsAsync(http, tokens.Access, $"rfc822msgid:{gmailId.Trim('<', '>')}"));
        Assert.Equal([markedId], await IdsAsync(http, tokens.Access, $"in:sent subject:marked rfc822msgid:{gmailId}"));
        Assert.Empty(await IdsAsync(http, tokens.Access, $"in:inbox rfc822msgid:{gmailId}"));
        Assert.Equal([bareId, otherId], await IdsAsync(http, tokens.Access, $"in:sent -rfc822msgid:{gmailId}"));

        // Not by the id the client wrote, not by a part of Gmail's, and not with its '+' left unescaped (a '+' in q= is a space).
        Assert.Empty(await IdsAsync(http, tokens.Access, "rfc822msgid:3f2a9c41d0e84b6f@aicaller.email"));
        Assert.Empty(await IdsAsync(http, tokens.Access, $"rfc822msgid:{gmailId.Trim('<', '>')[..^4]}"));
        var unescaped = (await GmailAsync(http, tokens.Access, "messages?q=rfc822msgid:" + Uri.EscapeDataString(gmailId).Replace("%2B", "+"))).Json;
        Assert.Equal(0, unescaped.GetProperty("resultSizeEstimate").GetInt32());
    }

    [Fact]
    public async Task Rfc822msgid_finds_a_received_message_by_its_senders_message_id()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        var first = await emulator.Control.SeedMessageAsync(User, new SeedMessageRequest("carol@example.com", [User], "First", BodyText: "a"));
        await emulator.Control.SeedMessageAsync(User, new SeedMessageRequest("carol@example.com", [User], "Second", BodyText: "b"));

        var senderId = await MessageIdHeaderAsync(http, tokens.Access, first.Id);

        Assert.Equal([first.Id], await IdsAsync(http, tokens.Access, $"rfc822msgid:{senderId}"));
        Assert.Equal([first.Id], await IdsAsync(http, tokens.Access, $"from:carol rfc822msgid:\"{senderId.Trim('<', '>')}\""));
    }

    private static MimeMessage Mime(string subject, string messageId)
    {
        var mime = new MimeMessage { Subject = subject, MessageId = messageId };
        mime.From.Add(MailboxAddress.Parse(User));
        mime.To.Add(MailboxAddress.Parse("bob@example.com"));
        mime.Body = new TextPart("plain") { Text = "hello" };
        return mime;
    }

    /// <summary>Sends the MIME the way the product's Gmail client does: uploadType=media, message/rfc822.</summary>
    private static async Task<string> UploadAsync(HttpClient http, string accessToken, byte[] raw)
    {
        using var request = UploadRequest(accessToken, raw);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static HttpRequestMessage UploadRequest(string accessToken, byte[] raw)
    {
        var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var request = new HttpRequestMessage(HttpMethod.Post, "upload/gmail/v1/users/me/messages/send?uploadType=media") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    private static async Task<string> MessageIdHeaderAsync(HttpClient http, string accessToken, string id)
    {
        var json = (await GmailAsync(http, accessToken, $"messages/{id}?format=metadata&metadataHeaders=Message-ID")).Json;
        return json.GetProperty("payload").GetProperty("headers").EnumerateArray()
            .Single(h => h.GetProperty("name").GetString()!.Equals("Message-ID", StringComparison.OrdinalIgnoreCase))
            .GetProperty("value").GetString()!;
    }
}
