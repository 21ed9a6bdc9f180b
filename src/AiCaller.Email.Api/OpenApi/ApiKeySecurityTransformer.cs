using AiCaller.Email.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AiCaller.Email.Api.OpenApi;

/// <summary>
/// Tells OpenAPI clients, /docs among them, that the routes behind an API key take it as a bearer token or in
/// <c>X-Api-Key</c>. Nothing is declared in the loopback-only open mode, where no key is asked for.
/// </summary>
public sealed class ApiKeySecurityTransformer(ApiKeyRegistry keys) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string BearerScheme = "bearer";
    private const string HeaderScheme = "x-api-key";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (keys.IsOpen)
        {
            return Task.CompletedTask;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key of API_KEYS: Authorization: Bearer <key>",
        };
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key of API_KEYS, in the X-Api-Key header instead",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (keys.IsOpen || !metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        // Either scheme will do: two requirements are alternatives.
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] },
        ];
        return Task.CompletedTask;
    }
}
