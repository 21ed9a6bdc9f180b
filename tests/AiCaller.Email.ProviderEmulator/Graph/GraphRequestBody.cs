using System.Text;
using System.Text.Json;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>A JSON request body kept verbatim (tests read back exactly what the product sent) and parsed once.</summary>
public sealed record GraphRequestBody(string Text, JsonElement Root)
{
    /// <summary>Null when the body is empty or not JSON.</summary>
    public static async Task<GraphRequestBody?> ReadAsync(HttpContext context)
    {
        var text = await ReadTextAsync(context);
        try
        {
            return text.Length == 0 ? null : new GraphRequestBody(text, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async Task<string> ReadTextAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    /// <summary>A member by name without regard to case: Graph accepts "Message" as "message" (the SDK sends PascalCase).</summary>
    public static JsonElement? Get(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    public static string? GetString(JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
