using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiCaller.Email.Grains.Providers.Gmail;

namespace AiCaller.Email.Tests.Providers.Gmail;

/// <summary>Reading a batch answer: Google keeps the calls' order, but nothing here may depend on it.</summary>
public sealed class GmailBatchWireTests
{
    // As gmail.googleapis.com writes it, but out of order, with a part for no call of ours and a body without Content-Length.
    private const string Answer =
        "--batch_x\r\nContent-Type: application/http\r\nContent-ID: <response-item1>\r\n\r\n"
        + "HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=UTF-8\r\nVary: Origin\r\n\r\n"
        + "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\"}}\r\n"
        + "--batch_x\r\nContent-Type: application/http\r\nContent-ID: response-\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}\r\n"
        + "--batch_x\r\nContent-Type: application/http\r\nContent-ID: <response-item0>\r\n\r\n"
        + "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: 12\r\n\r\n"
        + "{\"error\":{}}\r\n"
        + "--batch_x--\r\n";

    [Fact]
    public async Task Answers_are_matched_to_their_calls_by_content_id_whatever_their_order()
    {
        using var content = new StringContent(Answer, Encoding.ASCII);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch_x");

        var answers = await GmailBatchWire.AnswersAsync(content, CancellationToken.None);

        Assert.Equal(["item0", "item1"], answers.Keys.Order());
        using var throttled = ApplicationHttp.ParseResponse(answers["item0"]);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal("application/json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"error\":{}}", await throttled.Content.ReadAsStringAsync());
        using var missing = ApplicationHttp.ParseResponse(answers["item1"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\"}}", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Googles_unquoted_boundary_with_equals_signs_is_read()
    {
        // As Google's documentation shows its answers: '=' in the boundary, unquoted, which .NET's typed header refuses.
        const string boundary = "batch_pK7JBAk73-E=_AA5eFwv4m2Q=";
        var body = $"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-item0>\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: 17\r\n\r\n{\"id\":\"18c9a1b2\"}\r\n"
            + $"--{boundary}--\r\n";
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary={boundary}");

        var answers = await GmailBatchWire.AnswersAsync(content, CancellationToken.None);

        using var answer = ApplicationHttp.ParseResponse(Assert.Single(answers, a => a.Key == "item0").Value);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("{\"id\":\"18c9a1b2\"}", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_answer_that_is_not_multipart_is_refused()
    {
        using var page = new StringContent("<html>portal</html>", Encoding.UTF8, "text/html");

        await Assert.ThrowsAsync<FormatException>(() => GmailBatchWire.AnswersAsync(page, CancellationToken.None));
        Assert.Throws<FormatException>(() => ApplicationHttp.ParseResponse(Encoding.ASCII.GetBytes("<html>portal</html>")));
    }
}
