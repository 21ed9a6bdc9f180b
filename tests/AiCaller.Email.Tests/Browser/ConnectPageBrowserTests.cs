using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AiCaller.Email.Tests.Browser;

/// <summary>
/// A person in Chromium: the connect page, the emulator's consent pages, connect links opened without a key, and the
/// page with API keys configured. Everything is found the way a screen reader finds it: by role, name and label.
/// </summary>
public sealed class ConnectPageBrowserTests(BrowserWorld world, ITestOutputHelper output) : IClassFixture<BrowserWorld>
{
    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public async Task The_page_connects_a_mailbox_shows_a_refused_reconnect_in_words_and_disconnects_it(string provider)
    {
        var page = await world.NewPageAsync(world.OpenApi);
        var name = DisplayName(provider);
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        await page.GotoAsync("/");

        // Connect: the add form, the emulator's consent page, Allow, and back on the page.
        await page.GetByLabel("Provider").SelectOptionAsync(provider);
        await page.GetByLabel("Account id").FillAsync(account);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await AllowOrDenyAsync(page, email, "Allow");
        await Assertions.Expect(Announcer(page)).ToContainTextAsync($"{name} account {account}: Connected as {email}");
        Assert.Equal(world.OpenApi.BaseUrl.ToString(), page.Url);
        var card = Card(page, provider, account);
        await Assertions.Expect(card).ToContainTextAsync("Connected");
        await Assertions.Expect(card).ToContainTextAsync(email);

        // Reconnect, refused at the provider: the page says so in words, and the connection stays as it was.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Reconnect {name} account {account}" }).ClickAsync();
        await AllowOrDenyAsync(page, email, "Deny");
        await Assertions.Expect(Announcer(page)).ToContainTextAsync($"{name} account {account} was not connected. {name} did not grant access: access_denied");
        await Assertions.Expect(Card(page, provider, account)).ToContainTextAsync(email);

        // Disconnect, after the confirmation.
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = $"Disconnect {name} account {account}" }).ClickAsync();
        await Assertions.Expect(Announcer(page)).ToContainTextAsync($"Disconnected the {name} account {account}.");
        await Assertions.Expect(Card(page, provider, account)).ToHaveCountAsync(0);
        Assert.Contains(account, question);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public async Task A_connect_link_opened_without_a_key_connects_once_and_a_second_use_shows_a_clear_page(string provider)
    {
        var name = DisplayName(provider);
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        using var tenant = KeyedClient();
        var link = await CreateLinkAsync(tenant, provider, account);
        var refusedLink = await CreateLinkAsync(tenant, provider, TestWorld.NewAccount());
        var page = await world.NewPageAsync(world.KeyedApi);

        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Connect your {name} mailbox" })).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, $"connect-link-{provider}.png");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Continue to {name}" }).ClickAsync();
        await AllowOrDenyAsync(page, email, "Allow");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{name} mailbox connected" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Connected as {email}");
        await SaveScreenshotAsync(page, $"connect-link-{provider}-done.png");
        var status = await tenant.GetFromJsonAsync<JsonElement>($"/api/{provider}/accounts/{account}/status");
        Assert.Equal(("connected", email), (status.GetProperty("status").GetString(), status.GetProperty("email").GetString()));

        var second = await page.GotoAsync(link);
        Assert.Equal(410, second!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This connect link was already used" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await page.GotoAsync(refusedLink);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Continue to {name}" }).ClickAsync();
        await AllowOrDenyAsync(page, email, "Deny");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access was not granted" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name} did not grant access: access_denied");
        Assert.Empty(await page.Context.CookiesAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task With_api_keys_the_page_asks_for_the_key_keeps_it_for_the_tab_only_and_works_with_it()
    {
        var page = await world.NewPageAsync(world.KeyedApi);
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        var authorizations = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/", StringComparison.Ordinal))
            {
                authorizations.Add(request.Headers.GetValueOrDefault("authorization"));
                Assert.DoesNotContain(TenantKeys.KeyA, request.Url);
            }
        };
        await page.GotoAsync("/");

        await Assertions.Expect(Announcer(page)).ToHaveTextAsync("This host asks for an API key.");
        await page.GetByLabel("API key").FillAsync("not-the-key-0123456789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Assertions.Expect(Announcer(page)).ToHaveTextAsync("The API key was not accepted.");
        await Assertions.Expect(page.GetByLabel("API key")).ToBeFocusedAsync();

        await page.Keyboard.TypeAsync(TenantKeys.KeyA);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Announcer(page)).ToHaveTextAsync("API key accepted.");

        // Keyboard only, from the account field to the consent.
        await page.GetByLabel("Account id").FocusAsync();
        await page.Keyboard.TypeAsync(account);
        await page.Keyboard.PressAsync("Enter");
        await AllowOrDenyAsync(page, email, "Allow");
        await Assertions.Expect(Announcer(page)).ToContainTextAsync($"Gmail account {account}: Connected as {email}");
        await Assertions.Expect(Card(page, "gmail", account)).ToContainTextAsync("Last refresh");

        Assert.Equal(TenantKeys.KeyA, await page.EvaluateAsync<string>("sessionStorage.getItem('aicaller-email.api-key')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
        Assert.Empty(await page.Context.CookiesAsync());
        Assert.Contains($"Bearer {TenantKeys.KeyA}", authorizations);

        using var tenant = KeyedClient();
        var status = await tenant.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_long_list_comes_a_page_at_a_time_with_a_more_button()
    {
        // Tenant B's own accounts only: 51 listed (a link lists its account), one more than the page asks for at once.
        using var tenantB = KeyedClient(TenantKeys.KeyB);
        for (var i = 0; i < 51; i++)
        {
            await CreateLinkAsync(tenantB, "outlook", $"agent-{i:D3}");
        }

        var page = await world.NewPageAsync(world.KeyedApi);
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync(TenantKeys.KeyB);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();

        var outlook = page.Locator("section[data-provider='outlook'] li.account");
        await Assertions.Expect(outlook).ToHaveCountAsync(50);
        await page.GetByRole(AriaRole.Button, new() { Name = "More Outlook mailboxes" }).ClickAsync();
        await Assertions.Expect(outlook).ToHaveCountAsync(51);
        await Assertions.Expect(Card(page, "outlook", "agent-050")).ToContainTextAsync("Not connected");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "More Outlook mailboxes" })).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_screenshot_of_the_connect_page_is_kept_and_the_page_fits_a_phone()
    {
        var page = await world.NewPageAsync(world.OpenApi);
        await page.GotoAsync("/");
        foreach (var (provider, account, email) in new[]
        {
            ("gmail", "default", "sales@example.com"), ("gmail", "agent-7", "agent7@example.com"), ("outlook", "support", "support@example.com"),
        })
        {
            await page.GetByLabel("Provider").SelectOptionAsync(provider);
            await page.GetByLabel("Account id").FillAsync(account);
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
            await AllowOrDenyAsync(page, email, "Allow");
            await Assertions.Expect(Announcer(page)).ToContainTextAsync($"Connected as {email}");
        }

        // One more that the user refused: listed as not connected, and the refusal in words at the top.
        await page.GetByLabel("Provider").SelectOptionAsync("outlook");
        await page.GetByLabel("Account id").FillAsync("billing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await AllowOrDenyAsync(page, "billing@example.com", "Deny");
        await Assertions.Expect(Announcer(page)).ToContainTextAsync("Outlook did not grant access");
        await Assertions.Expect(Card(page, "outlook", "billing")).ToContainTextAsync("Not connected");

        var desktop = await SaveScreenshotAsync(page, "connect-page.png");
        Assert.True(new FileInfo(desktop).Length > 10_000);

        var phone = await world.NewPageAsync(world.OpenApi, width: 360);
        await phone.GotoAsync("/");
        await Assertions.Expect(Card(phone, "gmail", "agent-7")).ToBeVisibleAsync();
        var overflow = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 360px phone screen");
        await SaveScreenshotAsync(phone, "connect-page-phone.png");
        await page.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }

    /// <summary>A test artifact, under the test output directory (<see cref="BrowserWorld.ArtifactDirectory"/>).</summary>
    private async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserWorld.ArtifactDirectory);
        var path = Path.Combine(BrowserWorld.ArtifactDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        return path;
    }

    /// <summary>The emulator's consent page (Google's or Microsoft's): the address to sign in as, then a decision.</summary>
    private static async Task AllowOrDenyAsync(IPage page, string email, string decision)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = decision }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static ILocator Announcer(IPage page) => page.Locator("#announcer");

    private static ILocator Card(IPage page, string provider, string account) =>
        page.Locator($"section[data-provider='{provider}'] li.account").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = account, Exact = true }) });

    private HttpClient KeyedClient(string key = TenantKeys.KeyA)
    {
        var client = world.KeyedApi.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<string> CreateLinkAsync(HttpClient tenant, string provider, string account)
    {
        using var response = await tenant.PostAsync($"/api/{provider}/accounts/{account}/connect-link", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"connect-link answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("url").GetString()!;
    }

    private static string DisplayName(string provider) => provider == "gmail" ? "Gmail" : "Outlook";
}
