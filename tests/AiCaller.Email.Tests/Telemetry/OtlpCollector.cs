using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP receiver on a loopback port, reduced to what a test needs: it takes every
/// export (<c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>), keeps its protobuf body, and answers success.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpExport> _exports = new();

    private OtlpCollector(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The value of OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).</summary>
    public Uri Endpoint { get; }

    public IReadOnlyCollection<OtlpExport> Exports => _exports;

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        OtlpCollector? collector = null;
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector!._exports.Enqueue(new OtlpExport(signal, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        collector = new OtlpCollector(app, new Uri(address));
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One export: the signal (traces, metrics, logs) and its protobuf body, in which strings stand as UTF-8.</summary>
public sealed record OtlpExport(string Signal, byte[] Body);
