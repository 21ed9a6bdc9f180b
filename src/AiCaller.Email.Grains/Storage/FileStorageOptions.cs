using Orleans.Storage;

namespace AiCaller.Email.Grains.Storage;

/// <summary>Where and how <see cref="FileGrainStorage"/> keeps grain state.</summary>
public sealed class FileStorageOptions
{
    /// <summary>The data directory; state goes to <c>{RootDirectory}/grains/{stateName}/</c>.</summary>
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>Turns state into the stored payload and back; null means the silo's registered <see cref="IGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }
}
