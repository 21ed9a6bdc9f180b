using System.Globalization;
using System.Text.RegularExpressions;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>The samples of a Prometheus text exposition: <c>name{label="value",...} number</c>, one per line.</summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text) =>
        text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Sample().Match(line))
            .Where(match => match.Success)
            .Select(match => new PrometheusSample(
                match.Groups["name"].Value,
                Label().Matches(match.Groups["labels"].Value).ToDictionary(label => label.Groups["key"].Value, label => Unescape(label.Groups["value"].Value)),
                double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    private static string Unescape(string value) => value.Replace("\\\"", "\"").Replace("\\n", "\n").Replace("\\\\", "\\");

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}

public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(string label, string value) => Labels.TryGetValue(label, out var actual) && actual == value;
}
