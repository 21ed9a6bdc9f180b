using System.Globalization;
using System.Text.Json.Nodes;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace AiCaller.Email.Api.OpenApi;

/// <summary>
/// Names the problem codes behind each error status of an operation, from the codes declared where the endpoint is
/// mapped (<see cref="ProblemCodesConventions"/>): the response's description lists them, and its schema allows only
/// them. The framework describes a response by its type and status alone, so this is said here.
/// </summary>
public sealed class ProblemCodesTransformer : IOpenApiOperationTransformer, IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var answers = context.Description.ActionDescriptor.EndpointMetadata.OfType<ProblemCodesMetadata>().SelectMany(m => m.Answers);
        foreach (var byStatus in answers.Distinct().GroupBy(a => a.Status, a => a.Code))
        {
            if (operation.Responses is null
                || !operation.Responses.TryGetValue(byStatus.Key.ToString(CultureInfo.InvariantCulture), out var described)
                || described is not OpenApiResponse response
                || response.Content is null
                || !response.Content.TryGetValue(ProblemResponses.ContentType, out var media))
            {
                continue;
            }

            var codes = byStatus.Order().ToList();
            response.Description = $"{ReasonPhrases.GetReasonPhrase(byStatus.Key)}: "
                + string.Join("; ", codes.Select(code => $"`{code.ToSlug()}` ({ProblemResponses.TitleOf(code)})"));
            media.Schema = new OpenApiSchema
            {
                AllOf =
                [
                    new OpenApiSchemaReference(nameof(ApiProblem), context.Document),
                    new OpenApiSchema { Properties = new Dictionary<string, IOpenApiSchema> { ["code"] = CodeSchema(codes) } },
                ],
            };
        }

        // By status, as a reader looks for them: 200 first.
        if (operation.Responses is { } responses)
        {
            var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var (status, described) in ordered)
            {
                responses[status] = described;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The problem schema's <c>code</c> is one of every code there is.</summary>
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ApiProblem) && schema.Properties is not null
            && schema.Properties.TryGetValue("code", out var property) && property is OpenApiSchema code)
        {
            code.Enum = Enum.GetValues<ProblemCode>().Select(c => (JsonNode)JsonValue.Create(c.ToSlug())).ToList();
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema CodeSchema(IEnumerable<ProblemCode> codes) => new()
    {
        Type = JsonSchemaType.String,
        Enum = codes.Select(c => (JsonNode)JsonValue.Create(c.ToSlug())).ToList(),
    };
}
