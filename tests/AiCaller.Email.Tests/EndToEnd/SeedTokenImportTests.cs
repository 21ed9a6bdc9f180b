using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>The seed's token file (Google's authorized-user JSON) is imported into the default mailbox once.</summary>
public sealed class SeedTokenImportTests
{
    [Fact]
    public async Task A_seed_token_file_connects_the_default_mailbox_without_consent()
    {
        await using var world = await TestWorld.StartAsync();
        var email = TestWorld.NewEmail();
        await WriteSeedTokenFileAsync(world, email, expiry: DateTimeOffset.UtcNow.AddMinutes(50));
        using var api = world.Api();

        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");

        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        using var list = await api.GetAsync("/api/gmail/messages");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(1, (await world.Emulator.Control.GetGoogleStatsAsync()).CodeExchanges);
    }

    [Fact]
    public async Task An_expired_seed_token_is_refreshed_on_import()
    {
        await using var world = await TestWorld.StartAsync();
        var email = TestWorld.NewEmail();
        await WriteSeedTokenFileAsync(world, email, expiry: DateTimeOffset.UtcNow.AddHours(-3));
        using var api = world.Api();

        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");

        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(1, (await world.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(email));
        Assert.All(await world.Emulator.Control.GetRequestsAsync("gmail"), r => Assert.Equal("valid", r.TokenState));
    }

    [Fact]
    public async Task A_revoked_seed_token_leaves_the_mailbox_disconnected_with_the_reason()
    {
        await using var world = await TestWorld.StartAsync();
        var email = TestWorld.NewEmail();
        await WriteSeedTokenFileAsync(world, email, expiry: DateTimeOffset.UtcNow.AddHours(-3));
        await world.Emulator.Control.RevokeUserAsync(email);
        using var api = world.Api();

        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");

        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        Assert.Equal("token_invalid", status.GetProperty("last_error").GetProperty("code").GetString());
        using var list = await api.GetAsync("/api/gmail/messages");
        await ProblemAssert.IsProblem(list, HttpStatusCode.Conflict, "token_invalid");
    }

    [Fact]
    public async Task A_disconnected_default_mailbox_is_not_imported_again_after_a_restart()
    {
        await using var world = await TestWorld.StartAsync();
        await WriteSeedTokenFileAsync(world, TestWorld.NewEmail(), expiry: DateTimeOffset.UtcNow.AddMinutes(50));
        using (var api = world.Api())
        {
            Assert.Equal("connected", (await api.GetFromJsonAsync<JsonElement>("/api/gmail/status")).GetProperty("status").GetString());
            using var deleted = await api.DeleteAsync("/api/gmail/accounts/default");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await world.RestartHostAsync();

        using var restarted = world.Api();
        var status = await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_the_default_tenant_gets_the_seed_token_file()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["API_KEYS"] = "default:key-default-0123456789abcdef,tenant-b:key-b-0123456789abcdef" });
        var email = TestWorld.NewEmail();
        await WriteSeedTokenFileAsync(world, email, expiry: DateTimeOffset.UtcNow.AddMinutes(50));

        using var tenantB = world.Api("key-b-0123456789abcdef");
        var statusB = await tenantB.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        using var tenantDefault = world.Api("key-default-0123456789abcdef");
        var statusDefault = await tenantDefault.GetFromJsonAsync<JsonElement>("/api/gmail/status");

        Assert.Equal("disconnected", statusB.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, statusB.GetProperty("email").ValueKind);
        Assert.Equal("connected", statusDefault.GetProperty("status").GetString());
        Assert.Equal(email, statusDefault.GetProperty("email").GetString());
    }

    /// <summary>Obtains real tokens from the emulator outside the product, as the seed system once did, and writes its file.</summary>
    private static async Task WriteSeedTokenFileAsync(TestWorld world, string email, DateTimeOffset expiry)
    {
        var emulator = world.Emulator.BaseUrl.ToString().TrimEnd('/');
        const string redirect = "http://localhost/seed-callback";
        var authorize = $"{emulator}/o/oauth2/v2/auth?client_id={Uri.EscapeDataString(GoogleDefaults.ClientId)}"
            + $"&redirect_uri={Uri.EscapeDataString(redirect)}&response_type=code&access_type=offline&prompt=consent&state=seed"
            + "&scope=" + Uri.EscapeDataString("https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly");
        var callback = await world.Emulator.Control.ConsentAsync(new Uri(authorize), email);
        var code = HttpUtility.ParseQueryString(callback.Query)["code"]!;

        using var http = new HttpClient();
        using var exchange = await http.PostAsync($"{emulator}/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["client_id"] = GoogleDefaults.ClientId,
            ["client_secret"] = GoogleDefaults.ClientSecret,
            ["redirect_uri"] = redirect,
            ["grant_type"] = "authorization_code",
        }));
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var tokens = await exchange.Content.ReadFromJsonAsync<JsonElement>();

        var file = world.Setting("GMAIL_OAUTH_TOKEN_FILE")!;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["token"] = tokens.GetProperty("access_token").GetString()!,
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
            ["token_uri"] = $"{emulator}/token",
            ["client_id"] = GoogleDefaults.ClientId,
            ["client_secret"] = GoogleDefaults.ClientSecret,
            ["scopes"] = new[] { "https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.readonly" },
            ["expiry"] = expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
        }));
    }
}
