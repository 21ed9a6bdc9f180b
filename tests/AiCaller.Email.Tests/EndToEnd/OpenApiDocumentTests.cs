using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// /openapi/v1.json, with API keys configured: every route the host maps is in it with its method (each provider's
/// concrete paths), with its parameters, schemas, problem codes and the key it needs.
/// </summary>
public sealed partial class OpenApiDocumentTests(KeyedWorldFixture fixture) : IClassFixture<KeyedWorldFixture>
{
    /// <summary>
    /// Routes that are not the API: the document itself, its viewer, the orchestrators' probes, the dashboard, the
    /// Prometheus scrape, the connect page (at "/", with its files) and the connect links' result page.
    /// </summary>
    private static readonly string[] NotTheApi = ["/openapi/", "/docs", "/healthz", "/readyz", "/dashboard", "/metrics", "/connect-page/", "/connect/done"];

    private TestWorld World => fixture.World;

    [Fact]
    public async Task Every_mapped_route_is_in_the_document_with_its_method()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var mapped = MappedRoutes();

        Assert.NotEmpty(mapped);
        foreach (var (method, path) in mapped)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{method} {path} is mapped but the document has no {path}");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is mapped but not in the document");
        }

        // And nothing in the document that is not mapped.
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(), p.Name)));
        Assert.Empty(documented.Except(mapped));
    }

    [Fact]
    public async Task The_prometheus_scrape_and_the_dashboard_are_mapped_but_left_out_of_the_document()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var mapped = World.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => DocumentPath(e.RoutePattern.RawText)).ToList();

        foreach (var prefix in new[] { "/metrics", "/dashboard" })
        {
            Assert.Contains(mapped, path => path.StartsWith(prefix, StringComparison.Ordinal));
            Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_document_lists_each_providers_concrete_paths()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var expected = new List<(string Method, string Path)> { ("get", "/api/health/integrations") };
        foreach (var provider in new[] { "gmail", "outlook" })
        {
            foreach (var prefix in new[] { $"/api/{provider}", $"/api/{provider}/accounts/{{account}}" })
            {
                expected.Add(("get", $"{prefix}/status"));
                expected.Add(("get", $"{prefix}/oauth/start"));
                expected.Add(("post", $"{prefix}/send"));
                expected.Add(("get", $"{prefix}/messages"));
                expected.Add(("get", $"{prefix}/messages/{{id}}"));
            }

            expected.Add(("get", $"/api/{provider}/oauth/callback"));
            expected.Add(("get", $"/api/{provider}/accounts"));
            expected.Add(("delete", $"/api/{provider}/accounts/{{account}}"));
        }

        foreach (var (method, path) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"the document has no {method} {path}");
        }

        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("{provider}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_api_operation_but_the_oauth_callbacks_and_connect_links_asks_for_a_key_and_declares_its_path_variables()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("x-api-key").GetProperty("name").GetString());

        foreach (var (path, method, operation) in Operations(document))
        {
            // What a browser opens without a key: the OAuth callbacks and the connect links.
            var callback = path.EndsWith("/oauth/callback", StringComparison.Ordinal) || path.StartsWith("/connect/", StringComparison.Ordinal);
            var security = operation.TryGetProperty("security", out var requirements)
                ? requirements.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList()
                : [];
            Assert.True(callback ? security.Count == 0 : security.Order().SequenceEqual(["bearer", "x-api-key"]),
                $"{method} {path} asks for [{string.Join(", ", security)}]");
            Assert.Equal(!callback, Codes(operation, "401").SequenceEqual(["unauthorized"]));

            // Every {variable} of the path template is declared, or the document is not valid OpenAPI.
            var declared = Parameters(operation).Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString());
            Assert.All(TemplateVariable().Matches(path), v => Assert.Contains(v.Groups[1].Value, declared));
        }
    }

    [Fact]
    public async Task Parameters_have_their_types_ranges_and_defaults()
    {
        var document = await DocumentAsync();

        var gmail = Parameters(Operation(document, "/api/gmail/accounts/{account}/messages", "get")).ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["account", "query", "max_results", "page_token"], gmail.Keys);
        AssertWholeNumber(gmail["max_results"], 1, 500, 10);
        Assert.Equal(1024, gmail["query"].GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(@"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$", gmail["account"].GetProperty("schema").GetProperty("pattern").GetString());

        var outlook = Parameters(Operation(document, "/api/outlook/messages", "get")).ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["top", "skip", "page_token", "query", "max_results"], outlook.Keys);
        AssertWholeNumber(outlook["top"], 1, 1000, fallback: null);
        AssertWholeNumber(outlook["skip"], 0, int.MaxValue, fallback: null);
        AssertWholeNumber(outlook["max_results"], 1, 1000, fallback: null);

        var accounts = Parameters(Operation(document, "/api/outlook/accounts", "get")).ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["limit", "page_token"], accounts.Keys);
        AssertWholeNumber(accounts["limit"], 1, 1000, 100);

        var key = Assert.Single(Parameters(Operation(document, "/api/gmail/send", "post")), p => p.GetProperty("in").GetString() == "header");
        Assert.Equal("Idempotency-Key", key.GetProperty("name").GetString());
        Assert.Equal(255, key.GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.DoesNotContain(Parameters(Operation(document, "/api/gmail/status", "get")), _ => true);
    }

    [Fact]
    public async Task Requests_and_answers_have_schemas_and_examples()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var send = Operation(document, "/api/outlook/accounts/{account}/send", "post");
        Assert.Equal("#/components/schemas/SendMailBody", send.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var body = schemas.GetProperty("SendMailBody");
        Assert.Equal(["to", "subject"], body.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["string", "array"], body.GetProperty("properties").GetProperty("to").GetProperty("oneOf").EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        Assert.Equal("ana@example.com", body.GetProperty("examples")[0].GetProperty("to")[0].GetString());
        Assert.Equal("connected", schemas.GetProperty("StatusResponse").GetProperty("examples")[0].GetProperty("status").GetString());

        Assert.Equal("StatusResponse", OkSchema(document, "/api/gmail/status", "get"));
        Assert.Equal("SendResponse", OkSchema(document, "/api/gmail/send", "post"));
        Assert.Equal("MessageList", OkSchema(document, "/api/outlook/messages", "get"));
        Assert.Equal("MessageDetail", OkSchema(document, "/api/gmail/accounts/{account}/messages/{id}", "get"));
        Assert.Equal("AuthUrlResponse", OkSchema(document, "/api/gmail/oauth/start", "get"));
        Assert.Equal("AccountsResponse", OkSchema(document, "/api/gmail/accounts", "get"));
        Assert.Equal("IntegrationsHealthResponse", OkSchema(document, "/api/health/integrations", "get"));
        Assert.Equal("ConnectedResponse", OkSchema(document, "/api/outlook/oauth/callback", "get"));
        Assert.True(Operation(document, "/api/gmail/accounts/{account}", "delete").GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(schemas.GetProperty("MessageDetail").GetProperty("properties").TryGetProperty("attachments", out _));
    }

    [Fact]
    public async Task Each_operation_lists_the_problem_codes_it_can_answer_with()
    {
        var document = await DocumentAsync();

        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ApiProblem");
        Assert.Equal(Enum.GetValues<ProblemCode>().Select(c => c.ToSlug()), problem.GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));

        var send = Operation(document, "/api/gmail/accounts/{account}/send", "post");
        Assert.Equal(["invalid_request"], Codes(send, "400"));
        Assert.Equal(["too_large"], Codes(send, "413"));
        Assert.Equal(["invalid_request"], Codes(send, "415"));
        Assert.Equal(["not_connected", "token_invalid", "idempotency_conflict", "state_unreadable"], Codes(send, "409"));
        Assert.Equal(["rate_limited"], Codes(send, "429"));
        Assert.Equal(["provider_error"], Codes(send, "502"));
        Assert.Equal(["not_configured", "app_credentials_invalid", "send_outcome_unknown", "unavailable"], Codes(send, "503"));
        Assert.Contains("`idempotency_conflict`", send.GetProperty("responses").GetProperty("409").GetProperty("description").GetString());

        var message = Operation(document, "/api/outlook/messages/{id}", "get");
        Assert.Equal(["not_found"], Codes(message, "404"));
        Assert.Empty(Codes(message, "413"));

        Assert.Equal(["limit_reached"], Codes(Operation(document, "/api/gmail/accounts/{account}/oauth/start", "get"), "409"));
        Assert.Empty(Codes(Operation(document, "/api/gmail/status", "get"), "400"));
        Assert.Equal(["invalid_request"], Codes(Operation(document, "/api/gmail/accounts/{account}/status", "get"), "400"));
        Assert.Equal(["provider_error"], Codes(Operation(document, "/api/health/integrations", "get"), "502"));

        // Every error answer of every operation is a problem with its codes, each under the status it is answered with.
        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var codes = Codes(operation, response.Name);
                Assert.True(codes.Count > 0, $"{method} {path} answers {response.Name} without a problem code");
                Assert.All(codes, code => Assert.True(
                    response.Name == "415" || int.Parse(response.Name) == ProblemResponses.StatusOf(Enum.GetValues<ProblemCode>().Single(c => c.ToSlug() == code)),
                    $"{method} {path} lists {code} under {response.Name}"));
            }
        }
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = World.Api();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>Every route the host maps, from its endpoints rather than a list, so that a route added later is checked too.</summary>
    private List<(string Method, string Path)> MappedRoutes() =>
        World.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [], Path: DocumentPath(e.RoutePattern.RawText)))
            .Where(e => e.Path != "/" && !NotTheApi.Any(prefix => e.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .SelectMany(e => e.Methods.DefaultIfEmpty("(any method)").Select(m => (m, e.Path)))
            .Distinct()
            .ToList();

    // "/api/gmail/accounts/{account}/" and "{id:int}" as the document writes them.
    private static string DocumentPath(string? pattern)
    {
        var path = RouteConstraint().Replace(pattern ?? string.Empty, "{$1}");
        path = path.Length > 1 ? path.TrimEnd('/') : path;
        return path.StartsWith('/') ? path : "/" + path;
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Name, o.Value)));

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static IEnumerable<JsonElement> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [];

    private static string? OkSchema(JsonElement document, string path, string method) =>
        Operation(document, path, method).GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString()?.Split('/')[^1];

    /// <summary>The problem codes an operation declares under one status, in the order the document gives them.</summary>
    private static List<string?> Codes(JsonElement operation, string status)
    {
        if (!operation.GetProperty("responses").TryGetProperty(status, out var response))
        {
            return [];
        }

        var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        Assert.Equal("#/components/schemas/ApiProblem", schema.GetProperty("allOf")[0].GetProperty("$ref").GetString());
        return schema.GetProperty("allOf")[1].GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
    }

    private static void AssertWholeNumber(JsonElement parameter, int minimum, int maximum, int? fallback)
    {
        var schema = parameter.GetProperty("schema");
        Assert.Contains("integer", schema.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(minimum, schema.GetProperty("minimum").GetInt32());
        Assert.Equal(maximum, schema.GetProperty("maximum").GetInt32());
        Assert.Equal(fallback, schema.TryGetProperty("default", out var value) ? value.GetInt32() : null);
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"\{\**([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\??\}")]
    private static partial Regex RouteConstraint();
}
