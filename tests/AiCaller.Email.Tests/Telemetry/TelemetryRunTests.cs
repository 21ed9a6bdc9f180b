using System.Diagnostics;
using System.Net;
using System.Text;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>
/// What the telemetry of a full connect → send → refresh → list → read → disconnect run holds, for Gmail and Outlook:
/// what it must show, and the secrets it must never show.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryRunTests(TelemetryRun run) : IClassFixture<TelemetryRun>
{
    private IReadOnlyList<PrometheusSample> Samples => PrometheusText.Parse(run.MetricsText);

    [Fact]
    public void No_token_code_client_secret_or_api_key_appears_in_logs_metrics_spans_or_otlp_exports()
    {
        // The run involved every kind of secret, and more than one token of each provider (the refresh issued a new one).
        foreach (var provider in new[] { "gmail", "outlook" })
        {
            Assert.Contains(run.Secrets, s => s.Kind == $"{provider} authorization code");
            Assert.True(run.Secrets.Count(s => s.Kind == $"{provider} access token") >= 2, $"{provider}: the refresh issued no new access token");
            Assert.Contains(run.Secrets, s => s.Kind == $"{provider} refresh token");
        }

        Assert.Contains(run.Secrets, s => s.Kind == "connect-link token");

        Assert.NotEmpty(run.Logs);
        Assert.NotEmpty(run.Spans);
        Assert.NotEmpty(run.OtlpExports);
        var haystacks = new Dictionary<string, IReadOnlyList<byte[]>>
        {
            ["logs"] = run.Logs.Select(entry => Encoding.UTF8.GetBytes(entry.ToString())).ToList(),
            ["metrics"] = [Encoding.UTF8.GetBytes(run.MetricsWhileConnected), Encoding.UTF8.GetBytes(run.MetricsText)],
            ["spans"] = run.Spans.Select(span => Encoding.UTF8.GetBytes(SpanRecorder.Render(span))).ToList(),
            ["OTLP exports"] = run.OtlpExports.Select(export => export.Body).ToList(),
        };

        var found = haystacks
            .SelectMany(haystack => run.Secrets.GroupBy(secret => secret.Kind)
                .SelectMany(kind => SecretScan.Find(haystack.Value, kind.Select(secret => secret.Value)).Select(form => $"{kind.Key} {form} in {haystack.Key}")))
            .ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Theory]
    [InlineData("gmail", new[] { "exchange", "profile", "send", "refresh", "list", "get", "revoke" })]
    [InlineData("outlook", new[] { "exchange", "profile", "send", "refresh", "list", "get" })]
    public void Metrics_count_each_provider_operation_with_its_outcome_and_time_it(string provider, string[] operations)
    {
        foreach (var operation in operations)
        {
            Assert.Contains(Samples, s => s.Name == "aicaller_email_provider_calls_total" && s.Value >= 1
                && s.Has("provider", provider) && s.Has("operation", operation) && s.Has("outcome", "ok"));
            Assert.Contains(Samples, s => s.Name == "aicaller_email_provider_call_duration_seconds_count" && s.Value >= 1
                && s.Has("provider", provider) && s.Has("operation", operation) && s.Has("outcome", "ok"));
        }
    }

    [Fact]
    public void A_disconnect_counts_a_revoke_only_where_the_provider_has_one() =>
        Assert.DoesNotContain(Samples, s => s.Name == "aicaller_email_provider_calls_total" && s.Has("provider", "outlook") && s.Has("operation", "revoke"));

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public void Metrics_count_token_refreshes_by_provider_and_outcome(string provider) =>
        Assert.Contains(Samples, s => s.Name == "aicaller_email_token_refreshes_total" && s.Value >= 1
            && s.Has("provider", provider) && s.Has("outcome", "ok"));

    [Fact]
    public void Metrics_show_mailboxes_by_status_and_active_mailbox_grains()
    {
        var final = Samples;
        foreach (var provider in new[] { "gmail", "outlook" })
        {
            foreach (var status in new[] { "connected", "disconnected", "error" })
            {
                Assert.Contains(final, s => s.Name == "aicaller_email_mailboxes" && s.Has("provider", provider) && s.Has("status", status));
            }
        }

        // While the Gmail mailbox was connected: counted in the directory, and its grain active (Orleans' own gauge per grain type).
        var connected = PrometheusText.Parse(run.MetricsWhileConnected);
        Assert.Contains(connected, s => s.Name == "aicaller_email_mailboxes" && s.Has("provider", "gmail") && s.Has("status", "connected") && s.Value >= 1);
        Assert.Contains(connected, s => s.Name == "orleans_grains" && s.Has("grain_type", "mailbox") && s.Value >= 1);
    }

    [Fact]
    public void Metrics_show_http_requests_by_route_and_the_orleans_meters()
    {
        Assert.Contains(Samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Has("http_request_method", "POST")
            && s.Labels.TryGetValue("http_route", out var route) && route.StartsWith("/api/", StringComparison.Ordinal)
            && route.EndsWith("/accounts/{account}/send", StringComparison.Ordinal) && s.Has("http_response_status_code", "200"));
        Assert.Contains(Samples, s => s.Name == "http_client_request_duration_seconds_count");
        Assert.Contains(Samples, s => s.Name == "orleans_app_requests_latency_milliseconds_count" && s.Value >= 1);
        Assert.Contains(Samples, s => s.Name == "orleans_storage_write_latency_milliseconds_count" && s.Value >= 1);
    }

    [Fact]
    public void Metrics_name_no_tenant_and_no_account()
    {
        foreach (var text in new[] { run.MetricsWhileConnected, run.MetricsText })
        {
            Assert.DoesNotContain(PrometheusText.Parse(text), s => s.Labels.ContainsKey("account") || s.Labels.ContainsKey("tenant"));
            Assert.DoesNotContain(TelemetryRun.Tenant, text, StringComparison.Ordinal);
            foreach (var mailbox in new[] { run.Gmail, run.Outlook })
            {
                Assert.DoesNotContain(mailbox.Account, text, StringComparison.Ordinal);
                Assert.DoesNotContain(mailbox.Email, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Metrics_need_the_api_key_when_keys_are_configured()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, run.MetricsWithoutKey);
        Assert.Equal(HttpStatusCode.Unauthorized, run.MetricsWithWrongKey);
        Assert.NotEmpty(Samples);
    }

    [Theory]
    [InlineData("gmail", "/upload/gmail/v1/users/me/messages/send")]
    [InlineData("outlook", "/v1.0/me/sendMail")]
    public void One_trace_runs_from_the_api_request_through_the_grain_call_to_the_provider_http_request(string provider, string providerPath)
    {
        var mailbox = run.Run(provider);
        var request = run.RequestSpan("POST", $"{mailbox.Path}/send");
        var trace = run.Trace(request.TraceId);

        var grainCall = Assert.Single(trace, span => span.Source.Name == "Microsoft.Orleans.Application" && span.Kind == ActivityKind.Server
            && Equals(span.GetTagItem("aicaller.account"), mailbox.Account));
        Assert.Equal(TelemetryRun.Tenant, grainCall.GetTagItem("aicaller.tenant"));
        Assert.Equal(provider, grainCall.GetTagItem("aicaller.provider"));
        var operation = Assert.Single(trace, span => span.Source.Name == "AiCaller.Email" && span.DisplayName == $"{provider} send");
        Assert.Equal("ok", operation.GetTagItem("aicaller.outcome"));
        var http = Assert.Single(trace, span => span.Kind == ActivityKind.Client && span.GetTagItem("url.full") is string url
            && new Uri(url).AbsolutePath == providerPath);

        // Each is a descendant of the one before: request → grain call → provider operation → HTTP request.
        AssertDescends(trace, grainCall, request);
        AssertDescends(trace, operation, grainCall);
        AssertDescends(trace, http, operation);
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public void A_refresh_forced_by_the_provider_is_traced_inside_the_request_that_met_it(string provider)
    {
        var mailbox = run.Run(provider);
        var trace = run.Trace(run.RequestSpan("GET", $"{mailbox.Path}/messages").TraceId);

        var list = Assert.Single(trace, span => span.Source.Name == "AiCaller.Email" && span.DisplayName == $"{provider} list");
        var refresh = Assert.Single(trace, span => span.Source.Name == "AiCaller.Email" && span.DisplayName == $"{provider} refresh");
        Assert.Equal("ok", refresh.GetTagItem("aicaller.outcome"));
        AssertDescends(trace, refresh, list);
        Assert.Contains(trace, span => span.Kind == ActivityKind.Client && Equals(span.GetTagItem("http.response.status_code"), 401));
        Assert.Contains(trace, span => span.Kind == ActivityKind.Client && span.ParentSpanId == refresh.SpanId);
    }

    [Fact]
    public void Every_trace_starts_with_a_request_to_the_host_or_a_mailboxs_own_work()
    {
        // Orleans' own calls meanwhile (the dashboard's counters every second, membership, timers) started none.
        var roots = run.Spans.Where(span => span.ParentSpanId == default).ToList();
        Assert.NotEmpty(roots);
        Assert.All(roots, root => Assert.True(
            (root.Source.Name == "Microsoft.AspNetCore" && root.Kind == ActivityKind.Server) || root.Source.Name == "AiCaller.Email",
            $"a trace starts with {root.DisplayName} [{root.Source.Name}, {root.Kind}]"));

        // And every other span is in the trace of its parent.
        var spanIds = run.Spans.Select(span => span.SpanId).ToHashSet();
        Assert.All(run.Spans.Where(span => span.ParentSpanId != default), span => Assert.Contains(span.ParentSpanId, spanIds));
    }

    [Fact]
    public void Spans_carry_no_query_string_and_no_header()
    {
        var tags = run.Spans.SelectMany(span => span.TagObjects).ToList();
        Assert.NotEmpty(tags);
        Assert.DoesNotContain(tags, tag => tag.Key == "url.query");
        Assert.DoesNotContain(tags, tag => tag.Key.StartsWith("http.request.header.", StringComparison.Ordinal));
        Assert.DoesNotContain(tags, tag => tag.Key.StartsWith("http.response.header.", StringComparison.Ordinal));
        Assert.DoesNotContain(tags, tag => tag.Key == "url.full" && tag.Value is string url && url.Contains('?', StringComparison.Ordinal));

        // The callback's query held the code; its span keeps the path only.
        var callback = run.RequestSpan("GET", "/api/gmail/oauth/callback");
        Assert.Null(callback.GetTagItem("url.query"));
    }

    [Fact]
    public void A_connect_links_requests_show_its_route_in_spans_not_its_token()
    {
        foreach (var method in new[] { "GET", "POST" })
        {
            var link = run.RequestSpan(method, "/connect/{token}");
            Assert.Equal("/connect/{token}", link.GetTagItem("http.route"));
        }

        // The result page the consent ended on keeps its own path; a wrong method on the link is shown as the route too.
        Assert.Equal("/connect/done", run.RequestSpan("GET", "/connect/done").GetTagItem("http.route"));
        Assert.Equal(405, run.RequestSpan("PUT", "/connect/{token}").GetTagItem("http.response.status_code"));

        // The consent the link led to ends in the Outlook callback, in a trace of its own that reaches the grain.
        var callback = run.RequestSpan("GET", "/api/outlook/oauth/callback");
        Assert.Contains(run.Trace(callback.TraceId), span => span.Source.Name == "Microsoft.Orleans.Application"
            && Equals(span.GetTagItem("aicaller.account"), run.Outlook.Account));
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public void What_the_api_logs_while_it_calls_a_mailbox_carries_the_mailbox(string provider)
    {
        var mailbox = run.Run(provider);
        var send = run.RequestSpan("POST", $"{mailbox.Path}/send");
        var call = Assert.Single(run.Trace(send.TraceId), span => span.Source.Name == "Microsoft.Orleans.Application" && span.Kind == ActivityKind.Client);

        // Written on the API's side of the grain call (Orleans' placement and messaging), in the request's mailbox scope.
        var lines = run.Logs.Where(entry => entry.ScopeValue("SpanId") == call.SpanId.ToHexString()).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, entry =>
        {
            Assert.Equal(TelemetryRun.Tenant, entry.ScopeValue("tenant"));
            Assert.Equal(provider, entry.ScopeValue("provider"));
            Assert.Equal(mailbox.Account, entry.ScopeValue("account"));
        });
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public void The_log_lines_of_a_mailbox_carry_its_tenant_provider_and_account(string provider)
    {
        var mailbox = run.Run(provider);
        var lines = run.Logs.Where(entry => entry.Category.StartsWith("AiCaller.Email.Grains.Mailboxes", StringComparison.Ordinal)
            && entry.Message.Contains(mailbox.Account, StringComparison.Ordinal)).ToList();

        Assert.Contains(lines, entry => entry.Message.Contains("connected", StringComparison.Ordinal));
        Assert.Contains(lines, entry => entry.Message.Contains("disconnected", StringComparison.Ordinal));
        Assert.All(lines, entry =>
        {
            Assert.Equal(TelemetryRun.Tenant, entry.ScopeValue("tenant"));
            Assert.Equal(provider, entry.ScopeValue("provider"));
            Assert.Equal(mailbox.Account, entry.ScopeValue("account"));
            Assert.NotNull(entry.ScopeValue("TraceId"));
        });
    }

    [Fact]
    public void Traces_metrics_and_logs_reach_the_otlp_endpoint_the_logs_with_their_scopes()
    {
        Assert.Equal(["logs", "metrics", "traces"], run.OtlpExports.Select(export => export.Signal).Distinct().Order().ToArray());
        var logs = run.OtlpExports.Where(export => export.Signal == "logs").Select(export => export.Body).ToList();
        Assert.Contains(logs, body => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(run.Gmail.Account)) >= 0);
        Assert.Contains(logs, body => body.AsSpan().IndexOf("tenant"u8) >= 0);
    }

    private static void AssertDescends(IReadOnlyList<Activity> trace, Activity descendant, Activity ancestor)
    {
        var bySpanId = trace.ToDictionary(span => span.SpanId);
        var current = descendant;
        while (current.ParentSpanId != default && bySpanId.TryGetValue(current.ParentSpanId, out var parent))
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return;
            }

            current = parent;
        }

        Assert.Fail($"'{descendant.DisplayName}' ({descendant.Source.Name}) does not descend from '{ancestor.DisplayName}' ({ancestor.Source.Name}); "
            + $"its trace: {string.Join(", ", trace.Select(s => $"{s.DisplayName} [{s.Source.Name}] {s.SpanId}<-{s.ParentSpanId}"))}");
    }
}
