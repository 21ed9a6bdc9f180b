using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AiCaller.Email.Grains.Storage;

/// <summary>
/// Grain storage for the embedded default: one file per grain state under
/// <c>{root}/grains/{stateName}/{sha256(grainId)}.state</c>, replaced atomically on every write,
/// with the state version as the ETag for optimistic concurrency.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    private const string StateFileExtension = ".state";

    // Orleans never writes one grain concurrently; the stripes guard against a duplicate activation anyway.
    private readonly SemaphoreSlim[] _writeStripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly string _grainsDirectory;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activatorProvider;

    /// <param name="rootDirectory">The data directory; state goes to its <c>grains</c> subdirectory.</param>
    /// <param name="serializer">Turns state into the stored payload and back (the place to encrypt it).</param>
    /// <param name="activatorProvider">Creates the empty state of a grain that has none stored, as Orleans' own providers do.</param>
    public FileGrainStorage(string rootDirectory, IGrainStorageSerializer serializer, IActivatorProvider activatorProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        _grainsDirectory = Path.Combine(Path.GetFullPath(rootDirectory), "grains");
        _serializer = serializer;
        _activatorProvider = activatorProvider;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var location = Locate(stateName, grainId);
        var stored = await ReadStoredAsync(location, cancellationToken);
        if (stored is null)
        {
            ResetToEmpty(grainState);
            return;
        }

        grainState.State = _serializer.Deserialize<T>(new BinaryData(stored.Payload)) ?? CreateEmpty<T>();
        grainState.ETag = FormatETag(stored.Version);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var location = Locate(stateName, grainId);
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var stripe = _writeStripes[location.Stripe];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            var storedVersion = (await ReadStoredAsync(location, cancellationToken))?.Version;
            EnsureETagMatches(storedVersion, grainState.ETag, location);

            var version = (storedVersion ?? 0) + 1;
            var file = new GrainStateFile(grainId.ToString(), version, payload);
            Directory.CreateDirectory(location.Directory);
            await AtomicFile.ReplaceAsync(location.Path, file.ToBytes(), cancellationToken);

            grainState.ETag = FormatETag(version);
            grainState.RecordExists = true;
        }
        finally
        {
            stripe.Release();
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var location = Locate(stateName, grainId);
        var stripe = _writeStripes[location.Stripe];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            var storedVersion = (await ReadStoredAsync(location, cancellationToken))?.Version;
            EnsureETagMatches(storedVersion, grainState.ETag, location);

            if (storedVersion is not null)
            {
                File.Delete(location.Path);
                File.Delete(AtomicFile.TempPathFor(location.Path));
            }

            ResetToEmpty(grainState);
        }
        finally
        {
            stripe.Release();
        }
    }

    private StateFileLocation Locate(string stateName, GrainId grainId)
    {
        // The state name becomes a directory name, so it must not be able to point anywhere else.
        if (string.IsNullOrWhiteSpace(stateName) || stateName is "." or ".." || stateName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || stateName.Contains('/') || stateName.Contains('\\'))
        {
            throw new ArgumentException($"State name '{stateName}' cannot be used as a directory name.", nameof(stateName));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString()));
        var directory = Path.Combine(_grainsDirectory, stateName);
        var path = Path.Combine(directory, Convert.ToHexStringLower(hash) + StateFileExtension);
        var stripe = (int)(BinaryPrimitives.ReadUInt32LittleEndian(hash) % (uint)_writeStripes.Length);
        return new StateFileLocation(directory, path, stripe, grainId.ToString());
    }

    private static async Task<GrainStateFile?> ReadStoredAsync(StateFileLocation location, CancellationToken cancellationToken)
    {
        var contents = await AtomicFile.TryReadAsync(location.Path, cancellationToken);
        if (contents is null)
        {
            return null;
        }

        var stored = GrainStateFile.Parse(contents, location.Path);
        if (stored.GrainId != location.GrainId)
        {
            throw new InvalidDataException($"'{location.Path}' holds the state of '{stored.GrainId}', not of '{location.GrainId}'.");
        }

        return stored;
    }

    private static void EnsureETagMatches(int? storedVersion, string? currentETag, StateFileLocation location)
    {
        var storedETag = storedVersion is { } version ? FormatETag(version) : null;
        if (storedETag != currentETag)
        {
            throw new InconsistentStateException(
                $"The state of '{location.GrainId}' in '{location.Path}' has changed since it was read.",
                storedETag,
                currentETag);
        }
    }

    private void ResetToEmpty<T>(IGrainState<T> grainState)
    {
        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T CreateEmpty<T>() => _activatorProvider.GetActivator<T>().Create();

    private static string FormatETag(int version) => version.ToString(CultureInfo.InvariantCulture);

    private sealed record StateFileLocation(string Directory, string Path, int Stripe, string GrainId);
}
