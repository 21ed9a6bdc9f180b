using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// A single-value extended property kept with a message (Graph's singleValueLegacyExtendedProperty). Values are kept
/// as the strings they arrive as; the emulator does not check them against the id's type.
/// </summary>
public sealed record GraphExtendedProperty(ExtendedPropertyId Id, string Value)
{
    /// <summary>A message's <c>singleValueExtendedProperties</c> as a client writes it; null, with Graph's error, when malformed.</summary>
    public static IReadOnlyList<GraphExtendedProperty>? ParseList(JsonElement list, out GraphError? error)
    {
        error = null;
        if (list.ValueKind != JsonValueKind.Array)
        {
            error = GraphError.BadRequest("Invalid value for 'singleValueExtendedProperties': an array is expected.");
            return null;
        }

        var properties = new List<GraphExtendedProperty>();
        foreach (var item in list.EnumerateArray())
        {
            if (GraphRequestBody.GetString(item, "id") is not { } text || ExtendedPropertyId.TryParse(text) is not { } id)
            {
                error = ExtendedPropertyId.Invalid;
                return null;
            }

            if (GraphRequestBody.GetString(item, "value") is not { } value)
            {
                // Graph's wording for a missing value is not known; the 400 is what matters.
                error = GraphError.BadRequest($"The extended property '{text}' needs a string value.");
                return null;
            }

            properties.Add(new GraphExtendedProperty(id, value));
        }

        return Merge([], properties);
    }

    /// <summary>The properties with <paramref name="given"/> written over them: a given id replaces its property, a new one is added.</summary>
    public static IReadOnlyList<GraphExtendedProperty> Merge(IReadOnlyList<GraphExtendedProperty> existing, IEnumerable<GraphExtendedProperty> given)
    {
        var merged = existing.ToList();
        foreach (var property in given)
        {
            merged.RemoveAll(p => p.Id.SameAs(property.Id));
            merged.Add(property);
        }

        return merged;
    }

    public JsonObject ToJson() => new() { ["id"] = Id.Text, ["value"] = Value };
}
