using System.Diagnostics;
using AiCaller.Email.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>Work a mailbox does on its own, outside any request, is traced and logged as the mailbox's too.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MailboxScopeTests
{
    [Fact]
    public async Task A_refresh_by_the_timer_is_traced_and_logged_in_the_mailbox_scope()
    {
        var spans = new SpanRecorder();
        // Traces are recorded only where they can be exported over OTLP; the test reads them in memory as well.
        await using var collector = await OtlpCollector.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };
        await using var world = await TestWorld.StartAsync(settings, services: services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        using var api = world.Api();
        await world.Emulator.Control.SetTokenLifetimeAsync(8);
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, $"/api/gmail/accounts/{account}", email);

        // The grant goes away; the refresh timer, not a request, finds out.
        await world.Emulator.Control.RevokeUserAsync(email);

        // The line is written inside the refresh, whose span and then its root's end (and are exported) after it: wait for all three.
        CapturedLog? lost = null;
        Activity? refresh = null;
        Activity? root = null;
        for (var poll = 0; poll < 300 && (lost is null || root is null); poll++)
        {
            await Task.Delay(100);
            lost = world.Host.Logs.Entries.FirstOrDefault(entry =>
                entry.Message.Contains("lost its grant", StringComparison.Ordinal) && entry.Message.Contains(account, StringComparison.Ordinal));
            var exported = spans.Snapshot();
            refresh = exported.SingleOrDefault(span => span.DisplayName == "gmail refresh" && Equals(span.GetTagItem("aicaller.outcome"), "token_invalid"));
            root = refresh is null ? null : exported.SingleOrDefault(span => span.SpanId == refresh.ParentSpanId);
        }

        Assert.NotNull(lost);
        Assert.NotNull(refresh);
        Assert.NotNull(root);
        Assert.Equal("default", lost.ScopeValue("tenant"));
        Assert.Equal("gmail", lost.ScopeValue("provider"));
        Assert.Equal(account, lost.ScopeValue("account"));

        // The refresh the timer started is a trace of its own, whose root names the mailbox.
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal("AiCaller.Email", root.Source.Name);
        Assert.Equal("gmail proactive refresh", root.DisplayName);
        Assert.Equal("default", root.GetTagItem("aicaller.tenant"));
        Assert.Equal(account, root.GetTagItem("aicaller.account"));
    }
}
