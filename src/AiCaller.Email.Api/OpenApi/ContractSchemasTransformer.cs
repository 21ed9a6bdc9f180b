using System.Text.Json.Nodes;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AiCaller.Email.Api.OpenApi;

/// <summary>
/// What the contract types cannot say of themselves: that <c>to</c>, <c>cc</c> and <c>bcc</c> take one address or an
/// array of them (their JSON converter reads both), and examples of a send body and of a mailbox's status.
/// </summary>
public sealed class ContractSchemasTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(SendMailBody)] = """
            {
              "to": ["ana@example.com"],
              "cc": "team@example.com",
              "subject": "Following up on our call",
              "body": "Hi Ana,\n\nthank you for your time today. The offer we discussed is attached.\n\nBest regards",
              "attachments": [{ "filename": "offer.txt", "content_type": "text/plain", "content_base64": "T2ZmZXI6IDEwJSBvZmYu" }]
            }
            """,
        [typeof(StatusResponse)] = """
            {
              "provider": "gmail",
              "account": "default",
              "status": "connected",
              "email": "ana@example.com",
              "scopes": ["https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.readonly"],
              "expires_at": "2025-06-02T10:15:00+00:00",
              "last_refreshed_at": "2025-06-02T09:15:00+00:00",
              "last_error": null
            }
            """,
        [typeof(SendResponse)] = """
            { "id": "18f2c4a9b1d3e5f7", "thread_id": "18f2c4a9b1d3e5f7", "provider": "gmail", "account": "default" }
            """,
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.CustomConverter is OneOrManyStringsConverter)
        {
            schema.Type = null;
            schema.Items = null;
            schema.OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, Description = "one address" },
                new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String }, Description = "several addresses" },
            ];
        }
        else if (context.JsonPropertyInfo is null && Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
        {
            schema.Examples = [JsonNode.Parse(example)!];
        }

        return Task.CompletedTask;
    }
}
