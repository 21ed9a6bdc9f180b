using System.Text.RegularExpressions;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// What a new user sees when the API starts as `dotnet run` starts it: one short banner, and no warning but the one
/// they can act on (open mode says so loudly, as SPEC asks).
/// </summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task The_host_prints_one_banner_and_no_warning_the_user_cannot_act_on()
    {
        await using var world = await ProcessWorld.StartAsync();
        await using var api = await world.StartApiAsync();
        using var http = api.Client();
        Assert.Equal("Healthy", await http.GetStringAsync("/readyz"));
        await api.WaitForOutputAsync("Access ");

        var output = api.Output.ToList();
        var text = string.Join(Environment.NewLine, output);
        Assert.Single(output, line => line.Contains("AiCaller.Email is ready.", StringComparison.Ordinal));
        Assert.Matches(@"Connect page\s+http://localhost/", text);
        Assert.Matches(@"API docs\s+http://localhost/docs", text);
        Assert.Matches(@"Dashboard\s+http://localhost/dashboard/", text);
        Assert.Matches(@"Metrics\s+http://localhost/metrics; set OTEL_EXPORTER_OTLP_ENDPOINT to export", text);
        Assert.Matches($@"Listening on\s+{Regex.Escape(api.BaseUrl.ToString().TrimEnd('/'))}", text);
        Assert.Contains($"{Path.Combine(world.DataDirectory, "aicaller.db")} (SQLite)", text);
        Assert.Matches(@"Gmail\s+configured", text);
        Assert.Matches(@"Outlook\s+configured", text);
        Assert.Matches(@"Key ring\s+stored unencrypted .* set DATA_PROTECTION_CERTIFICATE_FILE", text);
        Assert.Matches(@"Access\s+open: no API keys", text);

        var warnings = output.Where(IsWarningOrWorse).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("AiCaller.Email.Api", warning);
        Assert.Contains(output, line => line.Contains("NO API KEYS CONFIGURED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_without_secrets_is_named_with_the_settings_that_configure_it()
    {
        await using var world = await ProcessWorld.StartAsync();
        world.Settings.Remove("OUTLOOK_OAUTH_CLIENT_SECRETS_JSON");
        world.Settings["OUTLOOK_OAUTH_CLIENT_SECRETS_FILE"] = Path.Combine(world.Root, "absent.json");
        world.Settings["API_KEYS"] = $"tenant-a:{TenantKeys.KeyA},tenant-b:{TenantKeys.KeyB}";
        await using var api = await world.StartApiAsync();
        await api.WaitForOutputAsync("Access ");

        var text = string.Join(Environment.NewLine, api.Output);
        Assert.Matches(@"Gmail\s+configured", text);
        Assert.Matches(@"Outlook\s+not configured: .*; set OUTLOOK_OAUTH_CLIENT_SECRETS_FILE or OUTLOOK_OAUTH_CLIENT_SECRETS_JSON", text);
        Assert.Matches(@"Access\s+API keys of 2 tenant\(s\)", text);
        Assert.DoesNotContain(api.Output, IsWarningOrWorse);
    }

    // The console logger's level prefix, after the time the test's process runner puts before each line.
    private static bool IsWarningOrWorse(string line) => Regex.IsMatch(line, @"^(\S+ )?(warn|fail|crit):");
}
