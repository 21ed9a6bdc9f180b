using AiCaller.Email.ProviderEmulator;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// The provider emulator and a fresh data directory for API hosts started as processes of their own (so that a test
/// can kill one outright); the directory goes with the world.
/// </summary>
public sealed class ProcessWorld : IAsyncDisposable
{
    private ProcessWorld(EmulatorHost emulator, string root)
    {
        Emulator = emulator;
        Root = root;
        Settings = ProductSettings.For(emulator.BaseUrl).ToDictionary(e => e.Key, e => (string?)e.Value);
        Settings["DATA_DIR"] = DataDirectory;
        Settings["PUBLIC_BASE_URL"] = "http://localhost";
    }

    public EmulatorHost Emulator { get; }

    /// <summary>The working directory of the processes; <see cref="DataDirectory"/> is below it.</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public Dictionary<string, string?> Settings { get; }

    public static async Task<ProcessWorld> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "aicaller-process-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new ProcessWorld(await EmulatorHost.StartAsync(), root);
    }

    public Task<ApiProcess> StartApiAsync() => ApiProcess.StartAsync(Settings, Root);

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
