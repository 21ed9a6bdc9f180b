using System.Text.Json;
using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Edge;
using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Api.Hosting;
using AiCaller.Email.Api.OpenApi;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Api.Telemetry;
using AiCaller.Email.Grains.Health;
using AiCaller.Email.Grains.Hosting;
using Scalar.AspNetCore;

// Its settings file sits beside the program, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

var settings = HostSettings.FromConfiguration(builder.Configuration);
var apiKeys = ApiKeyRegistry.Parse(builder.Configuration[SettingNames.ApiKeys]);
var listenUrls = ListenAddresses.Apply(builder);

builder.Logging.LeaveOutStartupNoise();
builder.Services.AddEmailCore(settings, builder.Configuration);
builder.AddOrleans(settings);
builder.AddApiTelemetry();

builder.Services.AddSingleton(apiKeys);
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
    .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.BasicSchemeName, o => o.AcceptBasic = true);
builder.Services.AddAuthorization();

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDefaults.AddCodeAndDetail);
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddRequestBodyLimit(builder.Configuration);
builder.Services.AddRequestRateLimits(builder.Configuration);
builder.Services.AddConnectLinks();
builder.Services.AddProductHealthChecks();
builder.Services.AddOpenApi(o =>
{
    o.AddOperationTransformer<ApiKeySecurityTransformer>();
    o.AddDocumentTransformer<ApiKeySecurityTransformer>();
    o.AddOperationTransformer<ProblemCodesTransformer>();
    o.AddSchemaTransformer<ProblemCodesTransformer>();
    o.AddSchemaTransformer<ContractSchemasTransformer>();
});

var app = builder.Build();

OpenModeGuard.Check(apiKeys, listenUrls, app.Logger);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseOpenModeHostFilter();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseMiddleware<MailboxLogScopeMiddleware>();

app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.MapEmailApi();
app.MapMetrics();
app.PrintBannerWhenStarted();

app.Run();

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
