using YamlDotNet.RepresentationModel;

namespace AiCaller.Email.Tests.Deployment;

/// <summary>
/// The parts of a docker-compose.yml that the deployment rules look at, read as compose reads them: anchors and
/// merge keys (<c>&lt;&lt;: *anchor</c>) resolved, values not yet interpolated (see <see cref="ComposeVariables"/>).
/// </summary>
internal sealed record ComposeFile(IReadOnlyDictionary<string, ComposeService> Services, IReadOnlySet<string> NamedVolumes)
{
    public static ComposeFile Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = Mapping(stream.Documents[0].RootNode);

        var services = Mapping(root.GetValueOrDefault("services"))
            .ToDictionary(entry => entry.Key, entry => ComposeService.Read(entry.Key, Mapping(entry.Value)));
        var volumes = Mapping(root.GetValueOrDefault("volumes")).Keys.ToHashSet();
        return new ComposeFile(services, volumes);
    }

    /// <summary>A mapping with its merge keys applied: its own keys win, then the merged mappings in order.</summary>
    internal static IReadOnlyDictionary<string, YamlNode> Mapping(YamlNode? node)
    {
        var result = new Dictionary<string, YamlNode>();
        if (node is not YamlMappingNode mapping)
        {
            return result;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (Scalar(key) is { } name and not "<<")
            {
                result[name] = value;
            }
        }

        if (mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merged))
        {
            var sources = merged is YamlSequenceNode list ? list.Children : [merged];
            foreach (var source in sources)
            {
                foreach (var (key, value) in Mapping(source))
                {
                    result.TryAdd(key, value);
                }
            }
        }

        return result;
    }

    /// <summary>A scalar's text; null for a missing node and for YAML's null (<c>KEY:</c> with nothing after it).</summary>
    internal static string? Scalar(YamlNode? node) =>
        node is YamlScalarNode { Value: var value, Style: var style }
            && !(style == YamlDotNet.Core.ScalarStyle.Plain && value is "" or "~" or "null")
            ? value
            : null;

    internal static IReadOnlyList<string> Strings(YamlNode? node) => node switch
    {
        YamlSequenceNode list => list.Children.Select(Scalar).OfType<string>().ToList(),
        YamlScalarNode scalar when Scalar(scalar) is { } text => [text],
        _ => [],
    };
}

/// <summary>One service of the compose file.</summary>
/// <param name="Environment">Key → value; a null value passes the variable through from compose's own environment.</param>
/// <param name="HealthcheckTest">The health check's command with its CMD / CMD-SHELL marker; empty without one.</param>
/// <param name="DependsOn">Service → condition (service_started when the short form lists it).</param>
/// <param name="Ports">Published ports in the short form, e.g. "8000:8000".</param>
/// <param name="Volumes">Mounts in the short form, e.g. "postgres-data:/var/lib/postgresql/data".</param>
internal sealed record ComposeService(
    string Name,
    string? Image,
    string? BuildContext,
    string? Dockerfile,
    string? NetworkMode,
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyList<string> HealthcheckTest,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> Volumes)
{
    public static ComposeService Read(string name, IReadOnlyDictionary<string, YamlNode> service)
    {
        var build = service.GetValueOrDefault("build");
        var buildSettings = ComposeFile.Mapping(build);
        return new ComposeService(
            name,
            ComposeFile.Scalar(service.GetValueOrDefault("image")),
            build is YamlScalarNode ? ComposeFile.Scalar(build) : ComposeFile.Scalar(buildSettings.GetValueOrDefault("context")),
            build is null ? null : ComposeFile.Scalar(buildSettings.GetValueOrDefault("dockerfile")) ?? "Dockerfile",
            ComposeFile.Scalar(service.GetValueOrDefault("network_mode")),
            EnvironmentOf(service.GetValueOrDefault("environment")),
            ComposeFile.Strings(ComposeFile.Mapping(service.GetValueOrDefault("healthcheck")).GetValueOrDefault("test")),
            DependsOnOf(service.GetValueOrDefault("depends_on")),
            ShortForms(service.GetValueOrDefault("ports"), "published", "target"),
            ShortForms(service.GetValueOrDefault("volumes"), "source", "target"));
    }

    // Compose takes both "KEY: value" and "- KEY=value".
    private static Dictionary<string, string?> EnvironmentOf(YamlNode? node)
    {
        if (node is YamlSequenceNode list)
        {
            return ComposeFile.Strings(list).Select(item => item.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts.Length == 2 ? parts[1] : null);
        }

        return ComposeFile.Mapping(node).ToDictionary(entry => entry.Key, entry => ComposeFile.Scalar(entry.Value));
    }

    private static Dictionary<string, string> DependsOnOf(YamlNode? node)
    {
        if (node is YamlSequenceNode list)
        {
            return ComposeFile.Strings(list).ToDictionary(service => service, _ => "service_started");
        }

        return ComposeFile.Mapping(node).ToDictionary(
            entry => entry.Key,
            entry => ComposeFile.Scalar(ComposeFile.Mapping(entry.Value).GetValueOrDefault("condition")) ?? "service_started");
    }

    // The long form ({published: 8000, target: 8000} or {source: data, target: /path}) is written as the short one.
    private static List<string> ShortForms(YamlNode? node, string left, string right) =>
        node is YamlSequenceNode list
            ? list.Children.Select(item => item is YamlMappingNode
                    ? $"{Field(item, left)}:{Field(item, right)}"
                    : ComposeFile.Scalar(item) ?? string.Empty)
                .ToList()
            : [];

    private static string? Field(YamlNode mapping, string name) => ComposeFile.Scalar(ComposeFile.Mapping(mapping).GetValueOrDefault(name));
}
