using System.Reflection;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// A headless silo (src/AiCaller.Email.Silo) as its own operating-system process, run from the silo's own build output
/// on loopback ports of its own: the silo port, the gateway port and the HTTP port of /healthz and /readyz.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly HostProcess _host;

    private SiloProcess(HostProcess host, int siloPort, int gatewayPort, Uri healthUrl)
    {
        _host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HealthUrl = healthUrl;
    }

    /// <summary>Where the test project's build found the silo: its own output directory, built before the tests.</summary>
    public static string AssemblyPath { get; } = Path.GetFullPath(
        typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!);

    public string Name => _host.Name;

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri HealthUrl { get; }

    public bool HasExited => _host.HasExited;

    public string OutputTail => _host.OutputTail;

    public IReadOnlyCollection<string> Output => _host.Output;

    /// <summary>Starts the silo with <paramref name="settings"/> and returns once its /readyz answers 200 (it joined and its database takes writes).</summary>
    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, string workingDirectory)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var healthUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var environment = new Dictionary<string, string?>(settings)
        {
            ["ORLEANS_SILO_PORT"] = siloPort.ToString(),
            ["ORLEANS_GATEWAY_PORT"] = gatewayPort.ToString(),
            ["ASPNETCORE_URLS"] = healthUrl.ToString().TrimEnd('/'),
        };

        var host = await HostProcess.StartAsync(name, AssemblyPath, environment, workingDirectory, new Uri(healthUrl, "/readyz"));
        return new SiloProcess(host, siloPort, gatewayPort, healthUrl);
    }

    /// <summary>SIGKILL: the silo leaves the cluster without a word, as a crashed machine does.</summary>
    public Task KillAsync() => _host.KillAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
