using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Faults;
using MimeKit;

namespace AiCaller.Email.Tests.Emulator;

/// <summary>
/// Gmail's batch endpoint (developers.google.com/gmail/api/guides/batch): application/http calls in a multipart/mixed
/// POST, each answered in its own part with its own status, matched to its call by Content-ID.
/// </summary>
public sealed partial class GoogleEmulatorTests
{
    private const string MessagesPath = "/gmail/v1/users/me/messages/";

    [Fact]
    public async Task A_batch_runs_each_call_as_a_direct_call_and_answers_it_under_response_and_its_content_id()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        var first = await SeedAsync(emulator, "First");
        var second = await SeedAsync(emulator, "Second");
        var metadata = $"{first}?format=metadata&metadataHeaders=Subject&metadataHeaders=From";
        await emulator.Control.ClearRequestsAsync();

        var answers = await BatchAsync(http, tokens.Access,
            ("<call-1>", $"GET {MessagesPath}{metadata} HTTP/1.1\r\n\r\n"),
            ("call-2", $"GET {MessagesPath}{second}\r\n"),
            (null, "GET /gmail/v1/users/me/profile HTTP/1.1\r\nAccept: application/json\r\n\r\n"));

        Assert.Equal(["<response-call-1>", "response-call-2", "response-"], answers.Select(a => a.ContentId));
        Assert.All(answers, a => Assert.Equal("HTTP/1.1 200 OK", a.StatusLine));
        Assert.All(answers, a => Assert.StartsWith("application/json", a.Headers["Content-Type"]));
        Assert.Equal((await GmailAsync(http, tokens.Access, $"messages/{metadata}")).Json.GetRawText(), answers[0].Json.GetRawText());
        Assert.Equal((await GmailAsync(http, tokens.Access, $"messages/{second}")).Json.GetRawText(), answers[1].Json.GetRawText());
        Assert.Equal(User, answers[2].Json.GetProperty("emailAddress").GetString());

        // One call in the log, the batch, with its calls and their statuses.
        var batch = (await emulator.Control.GetRequestsAsync("gmail"))[0];
        Assert.Equal(("POST", "/batch/gmail/v1", 200, "valid", User), (batch.Method, batch.Path, batch.Status, batch.TokenState, batch.User));
        Assert.Equal(
            [("GET", MessagesPath + first, "?format=metadata&metadataHeaders=Subject&metadataHeaders=From", 200), ("GET", MessagesPath + second, "", 200),
             ("GET", "/gmail/v1/users/me/profile", "", 200)],
            batch.Parts!.Select(p => (p.Method, p.Path, p.Query, p.Status)));
    }

    [Fact]
    public async Task Each_call_in_a_batch_has_its_own_status_and_the_outer_token_unless_it_brings_its_own()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        var message = await SeedAsync(emulator, "Kept");

        var answers = await BatchAsync(http, tokens.Access,
            ("<ok>", $"GET {MessagesPath}{message} HTTP/1.1\r\n\r\n"),
            ("<gone>", $"GET {MessagesPath}0123456789abcdef HTTP/1.1\r\n\r\n"),
            ("<bad-id>", $"GET {MessagesPath}nosuchmessageid HTTP/1.1\r\n\r\n"),
            ("<own-token>", $"GET {MessagesPath}{message} HTTP/1.1\r\nAuthorization: Bearer ya29.not-a-token\r\n\r\n"));

        Assert.Equal([200, 404, 400, 401], answers.Select(a => a.Status));
        Assert.Equal("NOT_FOUND", answers[1].Json.GetProperty("error").GetProperty("status").GetString());
        Assert.Equal("Invalid id value", answers[2].Json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("UNAUTHENTICATED", answers[3].Json.GetProperty("error").GetProperty("status").GetString());
        Assert.Contains("invalid_token", answers[3].Headers["WWW-Authenticate"]);

        // An expired outer token is refused call by call, inside a batch that itself succeeds.
        await emulator.Control.ExpireAccessTokensAsync(User);
        var expired = await BatchAsync(http, tokens.Access, ("<a>", $"GET {MessagesPath}{message} HTTP/1.1\r\n\r\n"), ("<b>", "GET /gmail/v1/users/me/profile HTTP/1.1\r\n\r\n"));
        Assert.Equal([401, 401], expired.Select(a => a.Status));
        var log = await emulator.Control.GetRequestsAsync("gmail");
        Assert.Equal(("expired", 200), (log[^1].TokenState, log[^1].Status));
    }

    [Fact]
    public async Task A_fault_rule_fails_one_call_of_a_batch_and_leaves_the_others_answered()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        var ids = new[] { await SeedAsync(emulator, "One"), await SeedAsync(emulator, "Two"), await SeedAsync(emulator, "Three") };
        await emulator.Control.AddFaultAsync(new FaultRule("gmail", 429, PathContains: ids[1], RetryAfterSeconds: 7));
        await emulator.Control.AddFaultAsync(new FaultRule("gmail", 404, PathContains: ids[2]));
        var calls = ids.Select((id, i) => ((string?)$"<m{i}>", $"GET {MessagesPath}{id}?format=metadata HTTP/1.1\r\n\r\n")).ToArray();

        var answers = await BatchAsync(http, tokens.Access, calls);

        Assert.Equal([200, 429, 404], answers.Select(a => a.Status));
        Assert.Equal("7", answers[1].Headers["Retry-After"]);
        var throttled = answers[1].Json.GetProperty("error");
        Assert.Equal("RESOURCE_EXHAUSTED", throttled.GetProperty("status").GetString());
        Assert.Equal("rateLimitExceeded", throttled.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal("Requested entity was not found.", answers[2].Json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal([200, 429, 404], (await emulator.Control.GetRequestsAsync("gmail"))[^1].Parts!.Select(p => p.Status));

        // The rules are used up by the calls they matched: the same batch again is answered whole.
        Assert.Equal([200, 200, 200], (await BatchAsync(http, tokens.Access, calls)).Select(a => a.Status));
    }

    [Fact]
    public async Task A_batch_of_more_than_100_calls_or_not_of_application_http_parts_is_refused_whole()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);

        using var tooMany = await PostBatchAsync(http, tokens.Access,
            Enumerable.Range(0, 101).Select(i => ((string?)$"<{i}>", "GET /gmail/v1/users/me/profile HTTP/1.1\r\n\r\n")).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var error = JsonDocument.Parse(await tooMany.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("Inner request count exceeds the limit. Received: 101, Limit: 100", error.GetProperty("message").GetString());
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("status").GetString());
        Assert.False(error.TryGetProperty("errors", out _));

        using var json = new HttpRequestMessage(HttpMethod.Post, "batch/gmail/v1") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        json.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Access);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(json)).StatusCode);

        using var text = new MultipartContent("mixed", "batch_text") { new StringContent("GET /gmail/v1/users/me/profile HTTP/1.1\r\n\r\n") };
        using var textRequest = new HttpRequestMessage(HttpMethod.Post, "batch/gmail/v1") { Content = text };
        textRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Access);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(textRequest)).StatusCode);
    }

    private sealed record InnerAnswer(string? ContentId, string StatusLine, int Status, Dictionary<string, string> Headers, JsonElement Json);

    private static async Task<string> SeedAsync(EmulatorHost emulator, string subject) =>
        (await emulator.Control.SeedMessageAsync(User, new SeedMessageRequest("Carol <carol@example.com>", [User], subject, BodyText: "It's here"))).Id;

    private static async Task<HttpResponseMessage> PostBatchAsync(HttpClient http, string accessToken, params (string? ContentId, string Request)[] calls)
    {
        var body = new MultipartContent("mixed", "batch_" + Guid.NewGuid().ToString("N"));
        foreach (var (contentId, request) in calls)
        {
            var part = new ByteArrayContent(Encoding.ASCII.GetBytes(request));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/http");
            if (contentId is not null)
            {
                part.Headers.TryAddWithoutValidation("Content-ID", contentId);
            }

            body.Add(part);
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, "batch/gmail/v1") { Content = body };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(message);
    }

    /// <summary>Posts the calls as one batch and reads its answer's parts, in the order they came.</summary>
    private static async Task<IReadOnlyList<InnerAnswer>> BatchAsync(HttpClient http, string accessToken, params (string? ContentId, string Request)[] calls)
    {
        using var response = await PostBatchAsync(http, accessToken, calls);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Google's boundary holds '=' unquoted (batch_pK7JBAk73-E=_AA5eFwv4m2Q=): .NET's typed header gives null for it.
        var contentType = Assert.Single(response.Content.Headers.GetValues("Content-Type"));
        Assert.Matches("^multipart/mixed; boundary=batch_[A-Za-z0-9_-]{11}=_[A-Za-z0-9_-]{11}=$", contentType);
        var multipart = Assert.IsType<Multipart>(await MimeEntity.LoadAsync(ContentType.Parse(contentType), await response.Content.ReadAsStreamAsync()));
        var answers = new List<InnerAnswer>();
        foreach (var part in multipart.Cast<MimePart>())
        {
            Assert.Equal("application/http", part.ContentType.MimeType);
            using var content = new MemoryStream();
            await part.Content!.DecodeToAsync(content);
            var text = Encoding.UTF8.GetString(content.ToArray());
            var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");
            var headers = head.Skip(1).Select(h => h.Split(": ", 2)).ToDictionary(h => h[0], h => h[1], StringComparer.OrdinalIgnoreCase);
            var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            Assert.Equal(Encoding.UTF8.GetByteCount(body), int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture));
            answers.Add(new InnerAnswer(part.Headers[HeaderId.ContentId], head[0], int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture),
                headers, JsonDocument.Parse(body).RootElement));
        }

        Assert.Equal(calls.Length, answers.Count);
        return answers;
    }
}
