using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// Generated readers for the Graph responses on the hot paths. The SDK's models parse through a backing store and
/// reflection over enum attributes, which the routed-path profile showed as most of an Outlook read's cost.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GraphMessage))]
[JsonSerializable(typeof(GraphMessagePage))]
[JsonSerializable(typeof(GraphAttachmentPage))]
public sealed partial class GraphJsonContext : JsonSerializerContext;
