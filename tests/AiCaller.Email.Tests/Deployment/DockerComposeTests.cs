namespace AiCaller.Email.Tests.Deployment;

/// <summary>
/// docker-compose.yml and the Dockerfiles it builds, held against the code, since no Docker engine runs here: each
/// rule holds for the real files, and notices a drift in a copy changed in memory.
/// </summary>
public sealed class DockerComposeTests
{
    private const string Compose = DeploymentRules.ComposePath;
    private const string SiloDockerfile = "src/AiCaller.Email.Silo/Dockerfile";
    private const string ApiDockerfile = "src/AiCaller.Email.Api/Dockerfile";
    private const string ApiKeysLine = "\"${API_KEYS:?set API_KEYS to tenant:KEY pairs, each key at least 20 characters}\"";

    private static readonly RepositoryFiles Files = RepositoryFiles.Locate();
    private static readonly DeploymentRules Rules = new(Files);

    [Fact]
    public void The_services_postgres_two_silos_and_the_api_exist() => Assert.Empty(Rules.ServicesExist());

    [Fact]
    public void Every_variable_is_one_the_code_reads() => Assert.Empty(Rules.VariablesAreKnown());

    [Fact]
    public void The_silos_and_the_api_are_one_cluster_on_the_compose_postgres() => Assert.Empty(Rules.ClusterAgrees());

    [Fact]
    public void The_api_is_an_orleans_client() => Assert.Empty(Rules.ApiIsAClient());

    [Fact]
    public void The_silo_ports_are_valid_and_do_not_collide() => Assert.Empty(Rules.SiloPortsDoNotCollide());

    [Fact]
    public void Health_checks_ask_readyz_where_each_service_listens() => Assert.Empty(Rules.HealthChecksAskReadiness());

    [Fact]
    public void Postgres_keeps_its_data_on_a_named_volume() => Assert.Empty(Rules.PostgresKeepsItsData());

    [Fact]
    public void Services_wait_for_their_dependencies_to_be_healthy() => Assert.Empty(Rules.StartsInOrder());

    [Fact]
    public void The_api_is_published_on_the_port_it_listens_on() => Assert.Empty(Rules.ApiPublishesItsPort());

    [Fact]
    public void The_dockerfiles_build_the_projects_and_run_them_as_a_non_root_user() => Assert.Empty(Rules.DockerfilesBuildTheProjects());

    [Fact]
    public void No_secret_is_written_in_the_compose_file() => Assert.Empty(Rules.NoSecretsInTheFile());

    [Fact]
    public void The_build_context_leaves_out_local_files() => Assert.Empty(Rules.BuildContextLeavesOutLocalFiles());

    public static TheoryData<string, string, string, string, string> Drifts => new()
    {
        { "a silo is gone", Compose, "  silo2:\n    <<: *silo\n", "", "there is no service 'silo2'" },
        { "a variable no code reads", Compose, "      ORLEANS_MODE: client\n", "      ORLEANS_MODE: client\n      ORLEANS_MODUS: client\n", "no code reads ORLEANS_MODUS" },
        { "postgres gets one of our settings", Compose, "      POSTGRES_USER:", "      DATA_DIR: /data\n      POSTGRES_USER:", "postgres: DATA_DIR is not one of" },
        { "the API joins another cluster", Compose, "      ORLEANS_MODE: client\n", "      ORLEANS_MODE: client\n      ORLEANS_CLUSTER_ID: elsewhere\n", "api: ORLEANS_CLUSTER_ID is 'elsewhere'" },
        { "the API has another service id", Compose, "      ORLEANS_MODE: client\n", "      ORLEANS_MODE: client\n      ORLEANS_SERVICE_ID: other\n", "api: ORLEANS_SERVICE_ID is 'other'" },
        {
            "the API uses another database", Compose, "      ORLEANS_MODE: client\n",
            "      ORLEANS_MODE: client\n      ConnectionStrings__Postgres: \"Host=postgres;Database=other;Username=aicaller;Password=${POSTGRES_PASSWORD:?x}\"\n",
            "api: its PostgreSQL connection string differs"
        },
        { "the cluster's database is not postgres's", Compose, "Database=${POSTGRES_DB:-aicaller_email};", "Database=aicaller;", "names database 'aicaller'" },
        { "the connection string names another host", Compose, "Host=postgres;", "Host=localhost;", "names host 'localhost'" },
        { "the API embeds a silo", Compose, "ORLEANS_MODE: client", "ORLEANS_MODE: embedded", "not client" },
        { "a silo port that is no port", Compose, "ORLEANS_SILO_PORT: \"11111\"", "ORLEANS_SILO_PORT: \"111111\"", "ORLEANS_SILO_PORT '111111' is not a port number" },
        { "a silo's two ports are one", Compose, "ORLEANS_GATEWAY_PORT: \"30000\"", "ORLEANS_GATEWAY_PORT: \"11111\"", "are both 11111" },
        { "the silos share the host's network", Compose, "  restart: unless-stopped\n\nservices:", "  restart: unless-stopped\n  network_mode: host\n\nservices:", "share one network namespace" },
        { "a silo sets no listen URL", Compose, "    ASPNETCORE_URLS: \"http://0.0.0.0:8081\"\n", "", "silo1: sets no ASPNETCORE_URLS" },
        { "a silo's health check asks another port", Compose, "/dev/tcp/127.0.0.1/8081", "/dev/tcp/127.0.0.1/8080", "asks port 8080, but it listens on 8081" },
        { "the API's health check asks /healthz", Compose, "127.0.0.1/8000 && printf \"GET /readyz", "127.0.0.1/8000 && printf \"GET /healthz", "api: its health check asks /healthz, not /readyz" },
        { "a health check ignores the status", Compose, " && head -n 1 <&3 | grep -q \" 200 \"'", "'", "does not look at the HTTP status" },
        { "the API listens on loopback only", Compose, "ASPNETCORE_URLS: \"http://0.0.0.0:8000\"", "ASPNETCORE_URLS: \"http://localhost:8000\"", "api: listens on loopback only" },
        { "postgres's health check does not ask it", Compose, "pg_isready -h", "psql -h", "does not ask pg_isready" },
        { "postgres keeps its data in the container", Compose, "    volumes:\n      - postgres-data:/var/lib/postgresql/data\n", "", "keeps its data on no named volume" },
        { "the API waits for a silo to start only", Compose, "      silo1:\n        condition: service_healthy", "      silo1:\n        condition: service_started", "api: waits for silo1 with service_started" },
        { "the API does not wait for a silo", Compose, "      silo2:\n        condition: service_healthy\n", "", "api: does not depend on silo2" },
        { "the API is published on another port", Compose, "\"8000:8000\"", "\"8000:8080\"", "none of them the port it listens on" },
        { "PUBLIC_BASE_URL names another port", Compose, "${PUBLIC_BASE_URL:-http://localhost:8000}", "${PUBLIC_BASE_URL:-http://localhost:9000}", "not published on port 9000" },
        { "a literal API key", Compose, ApiKeysLine, "\"tenant-a:0123456789abcdefghijklmn\"", "API_KEYS has a value of its own" },
        { "an API key as a default", Compose, ApiKeysLine, "\"${API_KEYS:-tenant-a:0123456789abcdefghijklmn}\"", "API_KEYS has a value of its own" },
        { "API keys become optional", Compose, ApiKeysLine, "\"${API_KEYS:-}\"", "API_KEYS should be required" },
        { "a password in the connection string", Compose, "Password=${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}", "Password=hunter2hunter2", "holds a password of its own" },
        { "a postgres password as a default", Compose, "POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}\"", "POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD:-postgres}\"", "POSTGRES_PASSWORD has a value of its own" },
        { "a client secret as a default", Compose, "\"${OUTLOOK_OAUTH_CLIENT_SECRETS_JSON:-}\"", "\"${OUTLOOK_OAUTH_CLIENT_SECRETS_JSON:-client-secret-value}\"", "OUTLOOK_OAUTH_CLIENT_SECRETS_JSON has a value of its own" },
        { "a Dockerfile that is not there", Compose, "dockerfile: src/AiCaller.Email.Api/Dockerfile", "dockerfile: deploy/api.Dockerfile", "its Dockerfile deploy/api.Dockerfile does not exist" },
        { "the silo image runs as root", SiloDockerfile, "USER $APP_UID", "USER root", "runs as root" },
        { "the API image sets no user", ApiDockerfile, "USER $APP_UID\n", "", "runs as root (USER not set)" },
        { "the silo image is built without the SDK", SiloDockerfile, "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS build", "no stage builds with the .NET SDK image" },
        { "the API image runs on the SDK", ApiDockerfile, "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime", "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS runtime", "not the ASP.NET Core runtime image" },
        { "the API image starts the silo", ApiDockerfile, "\"AiCaller.Email.Api.dll\"", "\"AiCaller.Email.Silo.dll\"", "ENTRYPOINT does not start AiCaller.Email.Api.dll" },
        { "the silo image publishes the API", SiloDockerfile, "dotnet publish src/AiCaller.Email.Silo/AiCaller.Email.Silo.csproj", "dotnet publish src/AiCaller.Email.Api/AiCaller.Email.Api.csproj", "no stage runs dotnet publish src/AiCaller.Email.Silo" },
        { "the silo image copies a file that is gone", SiloDockerfile, "COPY global.json", "COPY global.jsonc", "COPY global.jsonc: there is no such file" },
        { "the silo image does not expose the gateway", SiloDockerfile, "EXPOSE 11111 30000 8081", "EXPOSE 11111 8081", "does not EXPOSE port 30000" },
        { "host build output enters the build context", ".dockerignore", "**/obj/\n", "", "does not leave out obj" },
    };

    [Theory]
    [MemberData(nameof(Drifts))]
    public void A_drift_is_noticed(string drift, string path, string find, string replacement, string expectedProblem)
    {
        var problems = new DeploymentRules(Files.With(path, find, replacement)).All().ToList();

        Assert.True(
            problems.Any(problem => problem.Contains(expectedProblem, StringComparison.Ordinal)),
            $"{drift}: expected a problem with '{expectedProblem}', got:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
