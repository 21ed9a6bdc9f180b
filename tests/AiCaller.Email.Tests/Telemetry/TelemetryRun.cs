using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>
/// One full mailbox life per provider through the real API host with API keys and an OTLP endpoint: connect (Gmail
/// through oauth/start, Outlook through a connect link opened without a key), a keyed send, a refresh forced by the
/// provider (it expires the access token, the product's next call meets 401), a list, a read and a disconnect. Everything the host's telemetry produced is kept for the tests: every log entry with its
/// scopes, the /metrics scrape, every span (through OpenTelemetry's in-memory exporter) and every OTLP export; and every
/// secret the run involved, to look for in all of them.
/// </summary>
public sealed class TelemetryRun : IAsyncLifetime
{
    public const string Tenant = "tenant-a";

    private readonly SpanRecorder _spans = new();
    private readonly List<NamedSecret> _secrets = [];

    public MailboxRun Gmail { get; private set; } = null!;

    public MailboxRun Outlook { get; private set; } = null!;

    public IReadOnlyList<CapturedLog> Logs { get; private set; } = [];

    /// <summary>GET /metrics with the tenant's key while the Gmail mailbox was connected and active.</summary>
    public string MetricsWhileConnected { get; private set; } = string.Empty;

    /// <summary>GET /metrics with the tenant's key, after both runs.</summary>
    public string MetricsText { get; private set; } = string.Empty;

    public HttpStatusCode MetricsWithoutKey { get; private set; }

    public HttpStatusCode MetricsWithWrongKey { get; private set; }

    public IReadOnlyList<Activity> Spans { get; private set; } = [];

    public IReadOnlyList<OtlpExport> OtlpExports { get; private set; } = [];

    /// <summary>Every secret of the run, named by kind: API keys, client secrets, codes and tokens, the connect link's token.</summary>
    public IReadOnlyList<NamedSecret> Secrets => _secrets;

    public MailboxRun Run(string provider) => provider == "gmail" ? Gmail : Outlook;

    public async Task InitializeAsync()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var settings = new Dictionary<string, string?>(TenantKeys.Settings)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };

        // Every category at its most talkative, as an operator hunting a problem may set it: nothing may leak even then.
        foreach (var category in ConfiguredLogCategories())
        {
            settings[$"Logging:LogLevel:{category}"] = "Trace";
        }

        var world = await TestWorld.StartAsync(settings, services: services =>
        {
            OwnMetrics.Only(services);
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        });
        try
        {
            using (var api = world.Api(TenantKeys.KeyA))
            {
                Gmail = await RunMailboxAsync(world, api, "gmail");
                Outlook = await RunMailboxAsync(world, api, "outlook");
                // The exporter answers a scrape within 300 ms of the last one from its cache, and the Outlook run can be quicker.
                await Task.Delay(TimeSpan.FromSeconds(1));
                MetricsText = await api.GetStringAsync("/metrics");
            }

            using (var anonymous = world.Api())
            using (var refused = await anonymous.GetAsync("/metrics"))
            {
                MetricsWithoutKey = refused.StatusCode;
            }

            using (var stranger = world.Api("key-c-0123456789abcdef"))
            using (var refused = await stranger.GetAsync("/metrics"))
            {
                MetricsWithWrongKey = refused.StatusCode;
            }

            await CollectSecretsAsync(world.Emulator.Control);
        }
        finally
        {
            // Stopping the host flushes its exporters: the last spans, metrics and logs reach the collector.
            await world.DisposeAsync();
        }

        Logs = world.Host.Logs.Entries.ToList();
        Spans = _spans.Snapshot();
        OtlpExports = collector.Exports.ToList();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The spans of one trace.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => Spans.Where(span => span.TraceId == traceId).ToList();

    /// <summary>ASP.NET Core's span of the run's request <paramref name="method"/> <paramref name="path"/>.</summary>
    public Activity RequestSpan(string method, string path) =>
        Spans.SingleOrDefault(span => span.Kind == ActivityKind.Server && Equals(span.GetTagItem("url.path"), path)
            && Equals(span.GetTagItem("http.request.method"), method))
        ?? throw new InvalidOperationException(
            $"no server span of {method} {path} among {Spans.Count} spans: {string.Join(", ", Spans.Select(s => s.DisplayName).Distinct())}");

    private async Task<MailboxRun> RunMailboxAsync(TestWorld world, HttpClient api, string provider)
    {
        var control = world.Emulator.Control;
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        var path = $"/api/{provider}/accounts/{account}";

        // Gmail is connected by the tenant through oauth/start, Outlook by its owner through a connect link.
        if (provider == "gmail")
        {
            await world.ConnectAsync(api, path, email);
        }
        else
        {
            await ConnectThroughLinkAsync(world, api, path, provider, email);
        }

        if (provider == "gmail")
        {
            await control.SeedMessageAsync(email, new SeedMessageRequest("caller@example.org", [email], "Seeded", BodyText: "hello"));
        }
        else
        {
            await control.SeedGraphMessageAsync(email, new GraphSeedMessageRequest("caller@example.org", [email], "Seeded", BodyText: "hello"));
        }

        using (var send = new HttpRequestMessage(HttpMethod.Post, $"{path}/send"))
        {
            send.Content = JsonContent.Create(new { to = "someone@example.org", subject = "After the call", body = "As discussed." });
            send.Headers.Add("Idempotency-Key", $"telemetry-{account}");
            using var sent = await api.SendAsync(send);
            Assert.True(sent.StatusCode == HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        }

        // The provider expires the access token the mailbox holds; the next call meets 401, refreshes once and retries.
        await (provider == "gmail" ? control.ExpireAccessTokensAsync(email) : control.ExpireMicrosoftAccessTokensAsync(email));
        var listed = await api.GetFromJsonAsync<JsonElement>($"{path}/messages");
        var messageId = listed.GetProperty("messages").EnumerateArray().First().GetProperty("id").GetString()!;
        using (var read = await api.GetAsync($"{path}/messages/{Uri.EscapeDataString(messageId)}"))
        {
            Assert.True(read.StatusCode == HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
        }

        if (provider == "gmail")
        {
            MetricsWhileConnected = await ScrapeWhileConnectedAsync(api);
        }

        using (var deleted = await api.DeleteAsync(path))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        return new MailboxRun(provider, account, email, path);
    }

    /// <summary>
    /// The tenant asks for a connect link with its key; the mailbox's owner opens it in a browser without one (the page,
    /// then its button), consents at the provider and lands on the result page. The link's token is kept as a secret.
    /// </summary>
    private async Task ConnectThroughLinkAsync(TestWorld world, HttpClient api, string path, string provider, string email)
    {
        using var created = await api.PostAsync($"{path}/connect-link", null);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.OK, body);
        var link = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("url").GetString()!);
        _secrets.Add(new NamedSecret("connect-link token", link.Segments[^1]));

        using var browser = world.Api();
        using (var page = await browser.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // A wrong method matches no route: the path alone tells that it is a link's.
        using (var wrongMethod = await browser.PutAsync(link.PathAndQuery, null))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        }

        Uri authUrl;
        using (var opened = await browser.PostAsync(link.PathAndQuery, null))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
            authUrl = opened.Headers.Location!;
        }

        var callback = await MailboxConsent.DecideAsync(world.Emulator.Control, provider, authUrl, email);
        using var back = await browser.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
        using var done = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Contains($"Connected as {email}", System.Net.WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>Default and every category the API's appsettings.json gives a level of its own.</summary>
    private static IEnumerable<string> ConfiguredLogCategories()
    {
        using var appSettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        return appSettings.RootElement.GetProperty("Logging").GetProperty("LogLevel").EnumerateObject().Select(level => level.Name).ToList();
    }

    /// <summary>The mailbox counts are read at most every few seconds: scrapes until they show the connected mailbox.</summary>
    private static async Task<string> ScrapeWhileConnectedAsync(HttpClient api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var text = await api.GetStringAsync("/metrics");
            if (PrometheusText.Parse(text).Any(s => s.Name == "aicaller_email_mailboxes" && s.Has("provider", "gmail") && s.Has("status", "connected") && s.Value >= 1)
                || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(500);
        }
    }

    private async Task CollectSecretsAsync(EmulatorControlClient control)
    {
        _secrets.Add(new NamedSecret("API key of tenant-a", TenantKeys.KeyA));
        _secrets.Add(new NamedSecret("API key of tenant-b", TenantKeys.KeyB));
        _secrets.Add(new NamedSecret("Google client secret", GoogleDefaults.ClientSecret));
        _secrets.Add(new NamedSecret("Microsoft client secret", MicrosoftDefaults.ClientSecret));
        foreach (var (run, issued) in new[]
                 {
                     (Gmail, await control.GetIssuedCredentialsAsync(Gmail.Email)),
                     (Outlook, await control.GetMicrosoftIssuedCredentialsAsync(Outlook.Email)),
                 })
        {
            _secrets.AddRange(issued.Codes.Select(code => new NamedSecret($"{run.Provider} authorization code", code)));
            _secrets.AddRange(issued.AccessTokens.Select(token => new NamedSecret($"{run.Provider} access token", token)));
            _secrets.AddRange(issued.RefreshTokens.Select(token => new NamedSecret($"{run.Provider} refresh token", token)));
        }
    }
}

/// <summary>One provider's part of the run.</summary>
public sealed record MailboxRun(string Provider, string Account, string Email, string Path);

/// <summary>A value that must appear in no telemetry, and what it is (for the failure message).</summary>
public sealed record NamedSecret(string Kind, string Value);
