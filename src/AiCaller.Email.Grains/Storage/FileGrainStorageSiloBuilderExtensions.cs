using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AiCaller.Email.Grains.Storage;

/// <summary>Registers <see cref="FileGrainStorage"/> as a named grain storage provider.</summary>
public static class FileGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds file grain storage under <paramref name="name"/>, for <c>[PersistentState("…", name)]</c>.</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, Action<FileStorageOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.AddOptions<FileStorageOptions>(name)
            .Configure(configure)
            .Validate(options => !string.IsNullOrWhiteSpace(options.RootDirectory), $"File grain storage '{name}' needs a RootDirectory.");

        builder.Services.AddGrainStorage(name, (services, storageName) =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<FileStorageOptions>>().Get(storageName);
            var serializer = options.GrainStorageSerializer ?? services.GetRequiredService<IGrainStorageSerializer>();
            return new FileGrainStorage(options.RootDirectory, serializer, services.GetRequiredService<IActivatorProvider>());
        });

        return builder;
    }

    /// <summary>Adds file grain storage as the provider that <c>[PersistentState]</c> without a storage name uses.</summary>
    public static ISiloBuilder AddFileGrainStorageAsDefault(this ISiloBuilder builder, Action<FileStorageOptions> configure) =>
        builder.AddFileGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);
}
