using System.Reflection;
using System.Text.RegularExpressions;
using AiCaller.Email.Api.Auth;
using AiCaller.Email.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AiCaller.Email.Tests.Deployment;

/// <summary>
/// What docker-compose.yml and the Dockerfiles it builds must agree on with the code. Each rule returns the problems
/// it finds, in words that say what to fix; an empty answer means the rule holds.
/// </summary>
internal sealed partial class DeploymentRules(RepositoryFiles files)
{
    public const string ComposePath = "docker-compose.yml";
    public const string Postgres = "postgres";
    public const string Api = "api";
    public static readonly IReadOnlyList<string> Silos = ["silo1", "silo2"];

    private const string ListenUrls = "ASPNETCORE_URLS";
    private const string ReadinessPath = "/readyz";

    /// <summary>What a user sets before `docker compose up`: the variables the compose file requires.</summary>
    private static readonly IReadOnlyDictionary<string, string> UserEnvironment = new Dictionary<string, string>
    {
        ["POSTGRES_PASSWORD"] = "a-password-the-user-chose",
        ["API_KEYS"] = "tenant-a:a-key-the-user-chose-0123456789",
    };

    /// <summary>Each environment variable the code reads, as SettingNames names it, and ASP.NET Core's own.</summary>
    private static readonly IReadOnlySet<string> KnownVariables = typeof(SettingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field is { IsLiteral: true } && field.FieldType == typeof(string))
        .Select(field => SettingNames.AsEnvironmentVariable((string)field.GetRawConstantValue()!))
        .Append(ListenUrls)
        .ToHashSet();

    private readonly ComposeFile _compose = ComposeFile.Parse(files.Read(ComposePath) ?? throw new InvalidOperationException($"{ComposePath} does not exist."));

    private IEnumerable<ComposeService> SiloServices => Silos.Select(_compose.Services.GetValueOrDefault).OfType<ComposeService>();

    private IEnumerable<ComposeService> ClusterMembers => SiloServices.Concat(Service(Api) is { } api ? [api] : []);

    public IEnumerable<string> All() =>
        ServicesExist().Concat(VariablesAreKnown()).Concat(ClusterAgrees()).Concat(ApiIsAClient()).Concat(SiloPortsDoNotCollide())
            .Concat(HealthChecksAskReadiness()).Concat(PostgresKeepsItsData()).Concat(StartsInOrder()).Concat(ApiPublishesItsPort())
            .Concat(DockerfilesBuildTheProjects()).Concat(NoSecretsInTheFile()).Concat(BuildContextLeavesOutLocalFiles());

    public IEnumerable<string> ServicesExist() =>
        Silos.Prepend(Postgres).Append(Api).Where(name => Service(name) is null).Select(name => $"there is no service '{name}'");

    public IEnumerable<string> VariablesAreKnown()
    {
        foreach (var service in ClusterMembers)
        {
            foreach (var key in service.Environment.Keys.Where(key => !KnownVariables.Contains(key)))
            {
                yield return $"{service.Name}: no code reads {key} (it is not in SettingNames)";
            }
        }

        foreach (var key in Service(Postgres)?.Environment.Keys.Where(key => !key.StartsWith("POSTGRES_", StringComparison.Ordinal)) ?? [])
        {
            yield return $"{Postgres}: {key} is not one of the postgres image's POSTGRES_ variables";
        }
    }

    /// <summary>The silos and the API, read by the code itself, are one cluster on the compose file's PostgreSQL.</summary>
    public IEnumerable<string> ClusterAgrees()
    {
        var members = ClusterMembers.Select(service => (service.Name, Settings: Settings(service, out var problem), problem)).ToList();
        foreach (var (name, _, problem) in members.Where(member => member.problem is not null))
        {
            yield return $"{name}: {problem}";
        }

        var read = members.Where(member => member.Settings is not null).Select(member => (member.Name, Settings: member.Settings!)).ToList();
        if (read.Count == 0)
        {
            yield break;
        }

        var (firstName, first) = read[0];
        foreach (var (name, settings) in read.Skip(1))
        {
            if (settings.ClusterId != first.ClusterId)
            {
                yield return $"{name}: {SettingNames.OrleansClusterId} is '{settings.ClusterId}', {firstName}'s is '{first.ClusterId}'";
            }

            if (settings.ServiceId != first.ServiceId)
            {
                yield return $"{name}: {SettingNames.OrleansServiceId} is '{settings.ServiceId}', {firstName}'s is '{first.ServiceId}'";
            }

            if (settings.PostgresConnectionString != first.PostgresConnectionString)
            {
                yield return $"{name}: its PostgreSQL connection string differs from {firstName}'s";
            }
        }

        foreach (var (name, settings) in read.DistinctBy(member => member.Settings.PostgresConnectionString))
        {
            if (settings.PostgresConnectionString is not { } connectionString)
            {
                yield return $"{name}: no PostgreSQL connection string ({SettingNames.AsEnvironmentVariable(SettingNames.PostgresConnectionString)})";
                continue;
            }

            foreach (var problem in PointsAtPostgres(connectionString))
            {
                yield return $"{name}: {problem}";
            }
        }
    }

    public IEnumerable<string> ApiIsAClient()
    {
        if (Service(Api) is { } api && Settings(api, out _) is { } settings && settings.Mode != OrleansMode.Client)
        {
            yield return $"{Api}: {SettingNames.OrleansMode} is {settings.Mode}, not client: it would start a silo of its own";
        }
    }

    /// <summary>
    /// Silos that share a network namespace (network_mode: host, or service:x) would collide on their ports; the compose
    /// file gives each silo a container of its own, so they all use the same ones.
    /// </summary>
    public IEnumerable<string> SiloPortsDoNotCollide()
    {
        var silos = SiloServices.Select(service => (Service: service, Settings: Settings(service, out _))).Where(s => s.Settings is not null).ToList();
        foreach (var (service, settings) in silos)
        {
            if (settings!.SiloPort == settings.GatewayPort)
            {
                yield return $"{service.Name}: {SettingNames.OrleansSiloPort} and {SettingNames.OrleansGatewayPort} are both {settings.SiloPort}";
            }

            if (ListenPorts(service).Intersect([settings.SiloPort, settings.GatewayPort]).Any())
            {
                yield return $"{service.Name}: its health endpoints listen on an Orleans port";
            }
        }

        foreach (var sharing in silos.GroupBy(s => NetworkNamespace(s.Service)).Where(group => group.Count() > 1))
        {
            var ports = sharing.SelectMany(s => ListenPorts(s.Service).Append(s.Settings!.SiloPort).Append(s.Settings.GatewayPort)).ToList();
            if (ports.Distinct().Count() != ports.Count)
            {
                yield return $"{string.Join(" and ", sharing.Select(s => s.Service.Name))} share one network namespace but not distinct ports";
            }
        }
    }

    public IEnumerable<string> HealthChecksAskReadiness()
    {
        foreach (var service in ClusterMembers)
        {
            var listens = ListenPorts(service).ToList();
            if (!service.Environment.TryGetValue(ListenUrls, out var urls) || urls is null)
            {
                yield return $"{service.Name}: sets no {ListenUrls}, so where it listens depends on the image";
            }
            else if (urls.Split(';', StringSplitOptions.RemoveEmptyEntries).All(OpenModeGuard.IsLoopback))
            {
                yield return $"{service.Name}: listens on loopback only ({urls}); nothing outside its container reaches it";
            }

            var probe = string.Join(' ', service.HealthcheckTest.Skip(1));
            if (service.HealthcheckTest.Count == 0)
            {
                yield return $"{service.Name}: has no health check";
            }
            else if (ProbeTarget().Match(probe) is not { Success: true } target)
            {
                yield return $"{service.Name}: its health check asks no HTTP endpoint: {probe}";
            }
            else
            {
                var port = int.Parse(target.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (!listens.Contains(port))
                {
                    yield return $"{service.Name}: its health check asks port {port}, but it listens on {string.Join(", ", listens)}";
                }

                if (target.Groups["path"].Value != ReadinessPath)
                {
                    yield return $"{service.Name}: its health check asks {target.Groups["path"].Value}, not {ReadinessPath}";
                }

                if (!StatusChecked().IsMatch(probe))
                {
                    yield return $"{service.Name}: its health check does not look at the HTTP status";
                }
            }
        }

        if (Service(Postgres) is { } postgres && !postgres.HealthcheckTest.Any(part => part.Contains("pg_isready", StringComparison.Ordinal)))
        {
            yield return $"{Postgres}: its health check does not ask pg_isready";
        }
    }

    public IEnumerable<string> PostgresKeepsItsData()
    {
        if (Service(Postgres) is not { } postgres)
        {
            yield break;
        }

        if (postgres.Image?.StartsWith("postgres:", StringComparison.Ordinal) != true)
        {
            yield return $"{Postgres}: runs '{postgres.Image}', not a postgres image";
        }

        var dataVolume = postgres.Volumes.Select(volume => volume.Split(':'))
            .Any(parts => parts.Length >= 2 && _compose.NamedVolumes.Contains(parts[0]) && parts[1].StartsWith("/var/lib/postgresql", StringComparison.Ordinal));
        if (!dataVolume)
        {
            yield return $"{Postgres}: keeps its data on no named volume (declared under volumes:, mounted at /var/lib/postgresql/data)";
        }
    }

    public IEnumerable<string> StartsInOrder()
    {
        var expected = Silos.Select(silo => (silo, Postgres)).Concat(Silos.Select(silo => (Api, silo)));
        foreach (var (dependent, dependency) in expected)
        {
            if (Service(dependent) is { } service && !service.DependsOn.ContainsKey(dependency))
            {
                yield return $"{dependent}: does not depend on {dependency}";
            }
        }

        foreach (var service in _compose.Services.Values)
        {
            foreach (var (dependency, condition) in service.DependsOn)
            {
                if (condition != "service_healthy")
                {
                    yield return $"{service.Name}: waits for {dependency} with {condition}, not service_healthy";
                }

                if (Service(dependency) is { HealthcheckTest.Count: 0 })
                {
                    yield return $"{service.Name}: waits for {dependency} to be healthy, but {dependency} has no health check";
                }
            }
        }
    }

    public IEnumerable<string> ApiPublishesItsPort()
    {
        if (Service(Api) is not { } api)
        {
            yield break;
        }

        var published = api.Ports.Select(port => port.Split('/')[0].Split(':'))
            .Select(parts => (Host: parts.Length > 1 ? parts[^2] : null, Container: parts[^1])).ToList();
        var listens = ListenPorts(api).Select(port => port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (!published.Any(port => listens.Contains(port.Container)))
        {
            yield return $"{Api}: publishes {string.Join(", ", api.Ports)}, none of them the port it listens on ({string.Join(", ", listens)})";
        }

        // Redirect URIs are built from PUBLIC_BASE_URL: on this machine it must be a port the API is published on.
        if (Settings(api, out _) is { PublicBaseUrl: { IsLoopback: true } baseUrl }
            && !published.Any(port => port.Host == baseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            yield return $"{Api}: {SettingNames.PublicBaseUrl} is {baseUrl}, but the API is not published on port {baseUrl.Port}";
        }
    }

    public IEnumerable<string> DockerfilesBuildTheProjects()
    {
        foreach (var service in ClusterMembers)
        {
            var project = service.Name == Api ? "AiCaller.Email.Api" : "AiCaller.Email.Silo";
            if (service.Dockerfile is null)
            {
                yield return $"{service.Name}: has no build section (it should build {project})";
                continue;
            }

            var path = RepositoryFiles.Normalise(Path.Combine(service.BuildContext ?? ".", service.Dockerfile));
            if (files.Read(path) is not { } text)
            {
                yield return $"{service.Name}: its Dockerfile {path} does not exist";
                continue;
            }

            foreach (var problem in DockerfileProblems(service, project, DockerfileStages.Parse(text)))
            {
                yield return $"{service.Name} ({path}): {problem}";
            }
        }
    }

    /// <summary>With nothing set in the environment, the compose file gives no secret a value of its own.</summary>
    public IEnumerable<string> NoSecretsInTheFile()
    {
        foreach (var service in _compose.Services.Values)
        {
            foreach (var (key, value) in service.Environment)
            {
                if (value is null)
                {
                    continue;
                }

                var own = ComposeVariables.WithNothingSet(value);
                if (IsSecret(key) && own.Length > 0)
                {
                    yield return $"{service.Name}: {key} has a value of its own; pass it from the environment as ${{{key}}}";
                }

                if (key == SettingNames.AsEnvironmentVariable(SettingNames.PostgresConnectionString) && PasswordOf(own) is { Length: > 0 })
                {
                    yield return $"{service.Name}: {key} holds a password of its own; use ${{POSTGRES_PASSWORD:?...}}";
                }

                if (key == SettingNames.DatabaseUrl && Uri.TryCreate(own, UriKind.Absolute, out var url) && url.UserInfo.Split(':', 2) is [_, { Length: > 0 }])
                {
                    yield return $"{service.Name}: {key} holds a password of its own";
                }
            }
        }

        // Without these the cluster cannot work (no database password; an API that refuses to start): compose says so at once.
        foreach (var (name, key) in new[] { (Postgres, "POSTGRES_PASSWORD"), (Api, SettingNames.ApiKeys) })
        {
            if (Service(name)?.Environment.GetValueOrDefault(key) is not { } value || !ComposeVariables.IsRequired(value))
            {
                yield return $"{name}: {key} should be required from the environment, as ${{{key}:?...}}";
            }
        }
    }

    /// <summary>Host build output breaks the restore in the image; data, secrets and .env must stay out of image layers.</summary>
    public IEnumerable<string> BuildContextLeavesOutLocalFiles()
    {
        var entries = (files.Read(".dockerignore") ?? string.Empty).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Replace("**/", string.Empty, StringComparison.Ordinal).TrimEnd('/'))
            .ToHashSet();
        foreach (var required in new[] { "bin", "obj", "data", "secrets", ".git", ".env" }.Where(required => !entries.Contains(required)))
        {
            yield return $".dockerignore: does not leave out {required}";
        }
    }

    private IEnumerable<string> DockerfileProblems(ComposeService service, string project, DockerfileStages dockerfile)
    {
        if (!dockerfile.Stages.Any(stage => stage.Image.Contains("dotnet/sdk", StringComparison.Ordinal)))
        {
            yield return "no stage builds with the .NET SDK image (mcr.microsoft.com/dotnet/sdk)";
        }

        if (dockerfile.Final is not { } final)
        {
            yield break;
        }

        if (!final.Image.Contains("dotnet/aspnet", StringComparison.Ordinal))
        {
            yield return $"the final stage runs on {final.Image}, not the ASP.NET Core runtime image (mcr.microsoft.com/dotnet/aspnet)";
        }

        var user = final.Last("USER")?.Split(':')[0];
        if (user is null or "root" or "0")
        {
            yield return $"the final stage runs as root (USER {user ?? "not set"})";
        }

        if (final.Last("ENTRYPOINT") is not { } entrypoint || !entrypoint.Contains($"{project}.dll", StringComparison.Ordinal))
        {
            yield return $"its ENTRYPOINT does not start {project}.dll";
        }

        var projectFile = $"src/{project}/{project}.csproj";
        if (!files.Exists(projectFile))
        {
            yield return $"{projectFile} does not exist";
        }

        if (!dockerfile.Stages.SelectMany(stage => stage.All("RUN")).Any(run => run.Contains("dotnet publish", StringComparison.Ordinal) && run.Contains(projectFile, StringComparison.Ordinal)))
        {
            yield return $"no stage runs dotnet publish {projectFile}";
        }

        foreach (var copy in dockerfile.Stages.SelectMany(stage => stage.All("COPY")).Where(copy => !copy.StartsWith("--from", StringComparison.Ordinal)))
        {
            var paths = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(part => !part.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in paths.SkipLast(1).Where(source => !files.Exists(source)))
            {
                yield return $"COPY {source}: there is no such file or folder";
            }
        }

        var exposed = final.All("EXPOSE").SelectMany(ports => ports.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(port => port.Split('/')[0]).ToHashSet();
        var needed = ListenPorts(service).ToList();
        if (service.Name != Api && Settings(service, out _) is { } settings)
        {
            needed.AddRange([settings.SiloPort, settings.GatewayPort]);
        }

        foreach (var port in needed.Where(port => !exposed.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            yield return $"does not EXPOSE port {port}, on which the service listens";
        }
    }

    private ComposeService? Service(string name) => _compose.Services.GetValueOrDefault(name);

    /// <summary>The service's settings as the code reads them, from its environment interpolated as compose would.</summary>
    private static HostSettings? Settings(ComposeService service, out string? problem)
    {
        problem = null;
        try
        {
            var values = service.Environment
                .Where(entry => entry.Value is not null)
                .ToDictionary(entry => entry.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), entry => (string?)ComposeVariables.Resolve(entry.Value!, UserEnvironment));
            return HostSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        }
        catch (MissingVariableException e)
        {
            problem = $"compose stops: {e.Message}";
        }
        catch (InvalidOperationException e)
        {
            problem = $"the code refuses its settings: {e.Message}";
        }

        return null;
    }

    private IEnumerable<string> PointsAtPostgres(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (Service(target.Host ?? string.Empty) is not { Image: { } image } postgres || !image.StartsWith("postgres:", StringComparison.Ordinal))
        {
            yield return $"its connection string names host '{target.Host}', which is not the postgres service";
            yield break;
        }

        // The postgres image's own defaults: user postgres, database named after the user.
        string? Variable(string key) => postgres.Environment.GetValueOrDefault(key) is { } value ? ComposeVariables.Resolve(value, UserEnvironment) : null;
        var user = Variable("POSTGRES_USER") ?? "postgres";
        var database = Variable("POSTGRES_DB") ?? user;
        if (target.Port != 5432)
        {
            yield return $"its connection string names port {target.Port}; PostgreSQL listens on 5432";
        }

        if (target.Database != database)
        {
            yield return $"its connection string names database '{target.Database}', {Postgres} creates '{database}'";
        }

        if (target.Username != user)
        {
            yield return $"its connection string names user '{target.Username}', {Postgres} creates '{user}'";
        }

        if (target.Password != Variable("POSTGRES_PASSWORD"))
        {
            yield return $"its connection string's password is not {Postgres}'s POSTGRES_PASSWORD";
        }
    }

    private static IEnumerable<int> ListenPorts(ComposeService service) =>
        (service.Environment.GetValueOrDefault(ListenUrls) ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : -1)
            .Where(port => port > 0);

    private static string NetworkNamespace(ComposeService service) => service.NetworkMode switch
    {
        "host" => "host",
        { } mode when mode.StartsWith("service:", StringComparison.Ordinal) => mode["service:".Length..],
        { } mode when mode.StartsWith("container:", StringComparison.Ordinal) => mode,
        _ => service.Name,
    };

    // A *_FILE variable names where a secret is (a mounted file), not the secret itself.
    private static bool IsSecret(string key) =>
        key == SettingNames.ApiKeys
        || ((key.Contains("SECRET", StringComparison.Ordinal) || key.Contains("PASSWORD", StringComparison.Ordinal)) && !key.EndsWith("_FILE", StringComparison.Ordinal));

    private static string? PasswordOf(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // A probe over bash's /dev/tcp ("/dev/tcp/127.0.0.1/8081 ... GET /readyz HTTP/1.0") or a URL (curl, wget).
    [GeneratedRegex(@"/dev/tcp/[^/\s]+/(?<port>\d+).*?GET (?<path>/\S*) HTTP|https?://[^/:\s]+:(?<port>\d+)(?<path>/[^\s""']*)")]
    private static partial Regex ProbeTarget();

    [GeneratedRegex(@"\b200\b|--fail\b|\s-[a-zA-Z]*f[a-zA-Z]*\b|\bwget\b")]
    private static partial Regex StatusChecked();
}
