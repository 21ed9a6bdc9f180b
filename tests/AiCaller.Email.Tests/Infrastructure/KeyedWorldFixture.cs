namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>One emulator and one API host with <see cref="TenantKeys"/> configured, shared by a test class.</summary>
public sealed class KeyedWorldFixture : IAsyncLifetime
{
    private TestWorld? _world;

    public TestWorld World => _world ?? throw new InvalidOperationException("The world has not started.");

    public async Task InitializeAsync() => _world = await TestWorld.StartAsync(TenantKeys.Settings);

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
