namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// <c>singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…')</c>, as
/// learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get documents it for string properties: one
/// <c>eq</c> on the id, then any of <c>ep/value eq|ne '…'</c>, <c>contains(ep/value,'…')</c> and
/// <c>startswith(ep/value,'…')</c>, joined with <c>and</c>. The Name in the id compares exactly, the value without regard
/// to case. Typed comparisons (<c>cast(ep/value, Edm.Int32)</c>) are refused.
/// </summary>
public sealed partial class GraphFilter
{
    private Func<GraphMessage, bool> AnyExtendedProperty()
    {
        Expect("(");
        var variable = Next();
        Expect(":");
        ExtendedPropertyId? id = null;
        var valueTests = new List<Func<string, bool>>();
        do
        {
            var token = Next();
            var function = token.ToLowerInvariant();
            if (function is "contains" or "startswith")
            {
                Expect("(");
                if (MemberOf(variable, Next()) != "value")
                {
                    throw Unsupported();
                }

                Expect(",");
                var part = StringLiteral();
                Expect(")");
                valueTests.Add(function == "contains"
                    ? value => value.Contains(part, StringComparison.OrdinalIgnoreCase)
                    : value => value.StartsWith(part, StringComparison.OrdinalIgnoreCase));
                continue;
            }

            var member = MemberOf(variable, token) ?? throw Unsupported();
            var op = Next().ToLowerInvariant();
            var literal = StringLiteral();
            switch (member, op)
            {
                case ("id", "eq") when id is null:
                    id = ExtendedPropertyId.TryParse(literal) ?? throw new FilterException(ExtendedPropertyId.Invalid);
                    break;
                case ("value", "eq"):
                    valueTests.Add(value => value.Equals(literal, StringComparison.OrdinalIgnoreCase));
                    break;
                case ("value", "ne"):
                    valueTests.Add(value => !value.Equals(literal, StringComparison.OrdinalIgnoreCase));
                    break;
                default:
                    throw Unsupported();
            }
        }
        while (Accept("and"));

        Expect(")");
        if (id is null)
        {
            throw Unsupported();
        }

        _properties.Add(ExtendedPropertyExpansion.Member);
        return m => m.ExtendedProperties.Any(p => p.Id.SameAs(id) && valueTests.All(test => test(p.Value)));
    }

    /// <summary>"id" or "value" for <c>ep/id</c> or <c>ep/Value</c>, where ep is the lambda's variable; null otherwise.</summary>
    private static string? MemberOf(string variable, string path) =>
        path.StartsWith(variable + "/", StringComparison.Ordinal) ? path[(variable.Length + 1)..].ToLowerInvariant() switch
        {
            "id" => "id",
            "value" => "value",
            _ => null,
        } : null;

    private string StringLiteral() => Literal(Next()) as string ?? throw Unsupported();
}
