using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiCaller.Email.Grains.Mailboxes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AiCaller.Email.Api.OpenApi;

/// <summary>
/// Declares <c>{provider}</c> and <c>{account}</c> on every operation: the handlers read them through
/// <see cref="Endpoints.MailboxRoute"/> rather than as arguments, so the generator does not see them, and a path
/// whose template variables are undeclared is not valid OpenAPI (nor can /docs fill them in).
/// </summary>
public sealed partial class RouteParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        var position = 0;
        foreach (Match variable in TemplateVariable().Matches(context.Description.RelativePath ?? string.Empty))
        {
            var name = variable.Groups[1].Value;
            if (!operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            {
                operation.Parameters.Insert(position++, Describe(name));
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Describe(string name) => name switch
    {
        "provider" => PathParameter(name, "The mail provider", new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = Enum.GetValues<ProviderName>().Select(p => (JsonNode)JsonValue.Create(p.ToSlug())).ToList(),
        }),
        "account" => PathParameter(name, "The account id, chosen by the client: 1-128 letters, digits and . _ @ + -, starting with a letter or digit",
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = MailboxKey.IdentifierSchemaPattern }),
        _ => PathParameter(name, null, new OpenApiSchema { Type = JsonSchemaType.String }),
    };

    private static OpenApiParameter PathParameter(string name, string? description, OpenApiSchema schema) => new()
    {
        Name = name,
        In = ParameterLocation.Path,
        Required = true,
        Description = description,
        Schema = schema,
    };

    // "{provider:regex(...)}" or "{account}": the name, without constraints.
    [GeneratedRegex(@"\{\**([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex TemplateVariable();
}
