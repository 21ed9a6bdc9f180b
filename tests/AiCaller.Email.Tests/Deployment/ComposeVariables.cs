using System.Text.RegularExpressions;

namespace AiCaller.Email.Tests.Deployment;

/// <summary>
/// Compose's interpolation of a value: <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME-default}</c>,
/// <c>${NAME:?error}</c>, <c>${NAME?error}</c>, <c>${NAME:+other}</c>, <c>$NAME</c>, and <c>$$</c> for a literal <c>$</c>.
/// </summary>
internal static partial class ComposeVariables
{
    /// <summary>Interpolates as compose does; a required variable that is missing throws, as compose refuses to start.</summary>
    public static string Resolve(string text, IReadOnlyDictionary<string, string> environment) =>
        Reference().Replace(text, match =>
        {
            if (match.Groups["escaped"].Success)
            {
                return "$";
            }

            var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["bare"].Value;
            var isSet = environment.TryGetValue(name, out var value);
            var isEmpty = string.IsNullOrEmpty(value);
            var operation = match.Groups["operation"].Value;
            var argument = match.Groups["argument"].Value;
            return operation switch
            {
                ":-" => isEmpty ? argument : value!,
                "-" => isSet ? value! : argument,
                ":?" when isEmpty => throw new MissingVariableException(name, argument),
                "?" when !isSet => throw new MissingVariableException(name, argument),
                ":+" => isEmpty ? string.Empty : argument,
                "+" => isSet ? argument : string.Empty,
                _ => value ?? string.Empty,
            };
        });

    /// <summary>What a value is when nothing is set: defaults applied, required variables read as empty.</summary>
    public static string WithNothingSet(string text)
    {
        var empty = new Dictionary<string, string>();
        return Reference().Replace(text, match =>
        {
            try
            {
                return Resolve(match.Value, empty);
            }
            catch (MissingVariableException)
            {
                return string.Empty;
            }
        });
    }

    /// <summary>Whether compose stops with an error when none of the value's variables is set.</summary>
    public static bool IsRequired(string text)
    {
        try
        {
            Resolve(text, new Dictionary<string, string>());
            return false;
        }
        catch (MissingVariableException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"\$(?:(?<escaped>\$)|\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<operation>:?[-?+])(?<argument>[^}]*))?\}|(?<bare>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Reference();
}

internal sealed class MissingVariableException(string name, string message)
    : Exception($"required variable {name} is missing a value: {message}");
