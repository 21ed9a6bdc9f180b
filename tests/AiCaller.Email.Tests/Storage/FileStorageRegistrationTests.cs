using AiCaller.Email.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace AiCaller.Email.Tests.Storage;

/// <summary>What the silo builder extensions put into the container, checked without starting a silo.</summary>
public sealed class FileStorageRegistrationTests : IDisposable
{
    private static readonly GrainId Mailbox = GrainId.Create("mailbox", "gmail/tenant-1/ana@example.com");

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Named_storage_uses_the_serializer_from_its_options()
    {
        var serializer = new RecordingSerializer();
        using var host = BuildSilo(silo => silo.AddFileGrainStorage("tokens", options =>
        {
            options.RootDirectory = _directory.Path;
            options.GrainStorageSerializer = serializer;
        }));

        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>("tokens");
        await storage.WriteStateAsync("mailbox", Mailbox, new GrainState<string>("secret"));

        Assert.IsType<FileGrainStorage>(storage);
        Assert.Equal(1, serializer.Serialized);
        Assert.True(Directory.Exists(Path.Combine(_directory.Path, "grains", "mailbox")));
    }

    [Fact]
    public async Task Default_storage_falls_back_to_the_silos_serializer()
    {
        using var host = BuildSilo(silo => silo.AddFileGrainStorageAsDefault(options => options.RootDirectory = _directory.Path));

        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var written = new GrainState<string>("hello");
        await storage.WriteStateAsync("greeting", Mailbox, written);
        var read = new GrainState<string>();
        await storage.ReadStateAsync("greeting", Mailbox, read);

        Assert.IsType<FileGrainStorage>(storage);
        Assert.Equal("hello", read.State);
    }

    [Fact]
    public void Storage_without_a_root_directory_fails_on_resolution()
    {
        using var host = BuildSilo(silo => silo.AddFileGrainStorage("tokens", _ => { }));

        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredKeyedService<IGrainStorage>("tokens"));
    }

    [Fact]
    public void The_file_reminder_service_registers_the_file_table_and_the_reminder_service()
    {
        using var host = BuildSilo(silo => silo.UseFileReminderService(options => options.RootDirectory = _directory.Path));

        Assert.IsType<FileReminderTable>(host.Services.GetRequiredService<IReminderTable>());
        Assert.NotNull(host.Services.GetService<IReminderService>());
    }

    [Fact]
    public void The_file_reminder_service_without_a_root_directory_fails_on_resolution()
    {
        using var host = BuildSilo(silo => silo.UseFileReminderService(_ => { }));

        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IReminderTable>());
    }

    private static IHost BuildSilo(Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }

    private sealed class RecordingSerializer : IGrainStorageSerializer
    {
        private readonly SystemTextJsonGrainStorageSerializer _inner = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

        public int Serialized { get; private set; }

        public BinaryData Serialize<T>(T? input)
        {
            Serialized++;
            return _inner.Serialize(input);
        }

        public T? Deserialize<T>(BinaryData input) => _inner.Deserialize<T>(input);
    }
}
