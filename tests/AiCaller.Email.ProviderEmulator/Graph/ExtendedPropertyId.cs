using System.Globalization;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// The id of a single-value extended property in one of Graph's three forms: <c>{type} {guid} Name {name}</c>,
/// <c>{type} {guid} Id {number}</c> or <c>{type} {proptag}</c> (learn.microsoft.com/graph/api/resources/extended-properties-overview).
/// Two ids name the same property when type and GUID match without regard to case, numbers by value and the Name
/// exactly: "Filtering the string name (Name) in the id of an extended property is case-sensitive"
/// (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get). <see cref="Text"/> is the id as the client
/// wrote it and is what the emulator echoes back; Exchange may respell it (it answers <c>Binary 0x0E0A</c> as
/// <c>Binary 0xe0a</c>), so compare ids with <see cref="SameAs"/>, not as strings.
/// </summary>
public sealed record ExtendedPropertyId(string Text, string Type, Guid? PropertySet, string? Name, long? Number)
{
    // The MAPI types a single-value property can have; the *Array types belong to multi-value properties.
    private static readonly string[] Types =
    [
        "ApplicationTime", "Binary", "Boolean", "CLSID", "Currency", "Double", "Error", "Float", "Integer", "Long", "Null",
        "Object", "Short", "String", "SystemTime",
    ];

    /// <summary>What Graph answers for an id it cannot take apart.</summary>
    public static GraphError Invalid => new(400, "ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.");

    public static ExtendedPropertyId? TryParse(string text)
    {
        // {type} {guid} {Name|Id} {rest}: a name may hold spaces, so the fourth part is everything after the third.
        var parts = text.Trim().Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        var type = parts.Length > 0 ? Types.FirstOrDefault(t => t.Equals(parts[0], StringComparison.OrdinalIgnoreCase)) : null;
        if (type is null)
        {
            return null;
        }

        if (parts.Length == 2)
        {
            return TryNumber(parts[1]) is { } tag ? new ExtendedPropertyId(text, type, null, null, tag) : null;
        }

        if (parts.Length != 4 || !Guid.TryParseExact(parts[1], "B", out var propertySet))
        {
            return null;
        }

        var rest = parts[3].Trim();
        return parts[2].ToLowerInvariant() switch
        {
            "name" => new ExtendedPropertyId(text, type, propertySet, rest, null),
            "id" when TryNumber(rest) is { } number => new ExtendedPropertyId(text, type, propertySet, null, number),
            _ => null,
        };
    }

    public bool SameAs(ExtendedPropertyId other) =>
        Type == other.Type && PropertySet == other.PropertySet && Number == other.Number && string.Equals(Name, other.Name, StringComparison.Ordinal);

    private static long? TryNumber(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
