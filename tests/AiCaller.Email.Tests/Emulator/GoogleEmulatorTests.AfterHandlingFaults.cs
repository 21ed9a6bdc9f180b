using System.Diagnostics;
using System.Net;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Faults;

namespace AiCaller.Email.Tests.Emulator;

/// <summary>Faults that let Gmail do its work and then spoil the answer: the ways a send's outcome is lost.</summary>
public sealed partial class GoogleEmulatorTests
{
    [Fact]
    public async Task A_dropped_send_is_sent_once_and_its_caller_gets_no_answer()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        await emulator.Control.DropConnectionAfterHandlingAsync("gmail", pathContains: "/messages/send");

        using (var request = UploadRequest(tokens.Access, Bytes(Mime("Dropped", "d1@aicaller.email"))))
        {
            // Kestrel resets the connection: a transport error with no status, not an answer the caller could read.
            var dropped = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request));
            Assert.Null(dropped.StatusCode);
        }

        var sent = Assert.Single(await emulator.Control.GetSentAsync(User));
        Assert.Equal([sent.Id], await IdsAsync(http, tokens.Access, "in:sent subject:dropped"));
        Assert.Equal(200, Assert.Single(await emulator.Control.GetRequestsAsync("gmail"), e => e.Path.EndsWith("/send", StringComparison.Ordinal)).Status);

        // The fault is used up: the next send is answered.
        await UploadAsync(http, tokens.Access, Bytes(Mime("Answered", "d2@aicaller.email")));
        Assert.Equal(2, (await emulator.Control.GetSentAsync(User)).Count);

        // Spoiling an answer only makes sense when the real endpoint gives it.
        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.Control.AddFaultAsync(new FaultRule("gmail", 500, DropAfterHandling: true)));
    }

    [Fact]
    public async Task A_held_send_is_stored_before_its_answer_and_stays_stored_when_the_caller_gives_up()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);

        // A short hold: the answer comes, late, and names the message that was stored.
        await emulator.Control.HoldResponseAfterHandlingAsync("gmail", 400, pathContains: "/messages/send");
        var id = await UploadAsync(http, tokens.Access, Bytes(Mime("Late", "h1@aicaller.email")));
        Assert.Equal(id, Assert.Single(await emulator.Control.GetSentAsync(User)).Id);

        // A long hold: the message is in the sent store while the caller still waits; the caller gives up, the message stays.
        await emulator.Control.HoldResponseAfterHandlingAsync("gmail", 30_000, pathContains: "/messages/send");
        using var giveUp = new CancellationTokenSource();
        using var request = UploadRequest(tokens.Access, Bytes(Mime("Held", "h2@aicaller.email")));
        var sending = http.SendAsync(request, giveUp.Token);
        await WaitUntilAsync(async () => (await emulator.Control.GetSentAsync(User)).Count == 2);
        Assert.False(sending.IsCompleted);
        Assert.Single(await IdsAsync(http, tokens.Access, "in:sent subject:held"));

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal(2, (await emulator.Control.GetSentAsync(User)).Count);
        Assert.Equal(HttpStatusCode.OK, (await GmailAsync(http, tokens.Access, "profile")).Status);
    }

    [Fact]
    public async Task A_replaced_body_comes_with_the_endpoints_status_after_the_send_is_stored()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        await emulator.Control.ReplaceBodyAfterHandlingAsync("gmail", "<html>portal</html>", pathContains: "/messages/send");

        using var request = UploadRequest(tokens.Access, Bytes(Mime("Portal", "p1@aicaller.email")));
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html>portal</html>", await response.Content.ReadAsStringAsync());
        Assert.Single(await emulator.Control.GetSentAsync(User));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
