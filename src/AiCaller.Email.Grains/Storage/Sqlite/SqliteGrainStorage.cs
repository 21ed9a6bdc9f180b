using System.Data.Common;
using System.Globalization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AiCaller.Email.Grains.Storage.Sqlite;

/// <summary>
/// Grain storage of the embedded default: one row per grain state in <c>grain_state</c>, the row's version as the
/// ETag. A write names the version it read in its WHERE clause, so the database itself refuses a stale write.
/// </summary>
public sealed class SqliteGrainStorage(
    SqliteDatabase database, string serviceId, IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    private const string Key = "service_id = @serviceId AND state_name = @stateName AND grain_id = @grainId";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(connection =>
            Keyed(connection.Command($"SELECT version, payload FROM grain_state WHERE {Key}"), stateName, grainId)
            .RowsAsync(row => (Version: row.GetInt64(0), Payload: (byte[])row.GetValue(1)), cancellationToken), cancellationToken);

        if (rows is not [var stored])
        {
            ResetToEmpty(grainState);
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Payload)) ?? CreateEmpty<T>();
        grainState.ETag = FormatETag(stored.Version);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var expected = ParseETag(grainState.ETag);
        var now = UnixTime.ToMilliseconds(DateTimeOffset.UtcNow);
        var written = await database.WriteAsync(async (connection, transaction) =>
        {
            var command = expected is null
                ? connection.Command(
                    "INSERT INTO grain_state (service_id, state_name, grain_id, version, payload, updated_at) "
                    + "VALUES (@serviceId, @stateName, @grainId, 1, @payload, @now) ON CONFLICT DO NOTHING RETURNING version", transaction)
                : connection.Command(
                    $"UPDATE grain_state SET version = version + 1, payload = @payload, updated_at = @now WHERE {Key} AND version = @expected RETURNING version",
                    transaction).With("expected", expected);
            var version = await Keyed(command, stateName, grainId).With("payload", payload).With("now", now).ScalarAsync(cancellationToken);
            return version is null ? (long?)null : Convert.ToInt64(version, CultureInfo.InvariantCulture);
        }, cancellationToken);

        if (written is not { } version)
        {
            throw await ConflictAsync(stateName, grainId, grainState.ETag, cancellationToken);
        }

        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <summary>Deletes the row: a cleared grain leaves nothing behind.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var expected = ParseETag(grainState.ETag);
        if (expected is not null)
        {
            var deleted = await database.WriteAsync((connection, transaction) =>
                Keyed(connection.Command($"DELETE FROM grain_state WHERE {Key} AND version = @expected", transaction), stateName, grainId)
                .With("expected", expected)
                .RunAsync(cancellationToken), cancellationToken);
            if (deleted == 0)
            {
                throw await ConflictAsync(stateName, grainId, grainState.ETag, cancellationToken);
            }
        }
        else if (await StoredVersionAsync(stateName, grainId, cancellationToken) is not null)
        {
            throw await ConflictAsync(stateName, grainId, null, cancellationToken);
        }

        ResetToEmpty(grainState);
    }

    private async Task<InconsistentStateException> ConflictAsync(string stateName, GrainId grainId, string? currentETag, CancellationToken cancellationToken)
    {
        var stored = await StoredVersionAsync(stateName, grainId, cancellationToken);
        var storedETag = stored is { } version ? FormatETag(version) : null;
        return new InconsistentStateException(
            $"The {stateName} state of '{grainId}' was changed by someone else: stored version {storedETag ?? "none"}, written from {currentETag ?? "none"}.",
            storedETag,
            currentETag);
    }

    private Task<long?> StoredVersionAsync(string stateName, GrainId grainId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var version = await Keyed(connection.Command($"SELECT version FROM grain_state WHERE {Key}"), stateName, grainId)
                .ScalarAsync(cancellationToken);
            return version is null ? (long?)null : Convert.ToInt64(version, CultureInfo.InvariantCulture);
        }, cancellationToken);

    private DbCommand Keyed(DbCommand command, string stateName, GrainId grainId) =>
        command.With("serviceId", serviceId).With("stateName", stateName).With("grainId", grainId.ToString());

    private void ResetToEmpty<T>(IGrainState<T> grainState)
    {
        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T CreateEmpty<T>() => activators.GetActivator<T>().Create();

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static long? ParseETag(string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : throw new InconsistentStateException($"'{etag}' is not an ETag this storage wrote.", null, etag);
}
