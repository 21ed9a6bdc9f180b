using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiCaller.Email.ProviderEmulator.Control;

/// <summary>The control endpoints speak snake_case JSON, unlike Gmail's camelCase; server and client share these options.</summary>
public static class ControlJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
