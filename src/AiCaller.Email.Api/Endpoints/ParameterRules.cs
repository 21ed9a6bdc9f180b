using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// The rules of the query parameters are stated once, as attributes on the <c>[AsParameters]</c> records the
/// handlers take (<c>[Range]</c> on whole numbers, <c>[StringLength]</c> on text): the OpenAPI document shows them
/// from there, and this class enforces them with the refusals the API has always worded, naming the parameter.
/// </summary>
public static class ParameterRules
{
    /// <summary>Refuses the first value of <paramref name="parameters"/> that breaks its rule.</summary>
    public static void Check(object parameters)
    {
        foreach (var property in parameters.GetType().GetProperties())
        {
            var name = property.GetCustomAttribute<FromQueryAttribute>()?.Name ?? property.Name;
            switch (property.GetValue(parameters))
            {
                case int number when property.GetCustomAttribute<RangeAttribute>() is { } range
                    && (number < Convert.ToInt32(range.Minimum, CultureInfo.InvariantCulture) || number > Convert.ToInt32(range.Maximum, CultureInfo.InvariantCulture)):
                    throw Invalid(WholeNumber(name, range));
                case string text when property.GetCustomAttribute<StringLengthAttribute>() is { } length
                    && (text.Length < length.MinimumLength || text.Length > length.MaximumLength || text.Any(char.IsControl)):
                    throw Invalid($"{name} must be {length.MinimumLength} to {length.MaximumLength} characters without control characters");
            }
        }
    }

    /// <summary>
    /// Why binding refused the request, when it was a whole number that did not parse: binding words that for
    /// developers ("Failed to bind parameter \"Nullable&lt;int&gt; MaxResults\""), a client is told the rule instead.
    /// </summary>
    public static string? DescribeUnreadableNumber(Endpoint? endpoint, IQueryCollection query)
    {
        foreach (var binding in endpoint?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            var parameter = binding.ParameterInfo;
            if ((Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) != typeof(int))
            {
                continue;
            }

            var name = Attribute<FromQueryAttribute>(parameter)?.Name ?? binding.Name;
            var values = query[name];
            if (values.Count > 0 && !(values.Count == 1 && int.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                return Attribute<RangeAttribute>(parameter) is { } range ? WholeNumber(name, range) : $"{name} must be a whole number";
            }
        }

        return null;
    }

    private static string WholeNumber(string name, RangeAttribute range) => $"{name} must be a whole number from {range.Minimum} to {range.Maximum}";

    // A parameter of an [AsParameters] record carries its property's attributes (asked for all of them: by type, it does not).
    private static T? Attribute<T>(ParameterInfo parameter) where T : Attribute => parameter.GetCustomAttributes(true).OfType<T>().FirstOrDefault();

    private static MailboxProblemException Invalid(string detail) => new(ProblemCode.InvalidRequest, detail);
}
