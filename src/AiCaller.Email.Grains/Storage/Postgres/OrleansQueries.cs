namespace AiCaller.Email.Grains.Storage.Postgres;

/// <summary>
/// The <c>OrleansQuery</c> rows: what Orleans 10.4's ADO.NET clustering, grain storage and reminder providers run, by key,
/// written against the tables of <see cref="PostgresSchema"/>. Parameters and result columns are the providers'
/// (ORLEANS.md A3); result columns are matched by name without regard to case. Written at every start, so that the
/// database always holds this build's text.
/// </summary>
public static class OrleansQueries
{
    private const string MemberKey = "deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation";

    private const string MemberColumns =
        "v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName, m.host_name AS HostName, "
        + "m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime";

    private const string StateKey =
        "service_id = @ServiceId AND state_name = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 "
        + "AND grain_key = COALESCE(@GrainIdExtensionString, '')";

    private const string ReminderColumns =
        "grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["InsertMembershipVersionKey"] = """
            WITH inserted AS (
                INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
            SELECT COUNT(*)::integer FROM inserted
            """,

        // The member is inserted only while the version is the one the silo read, and the version moves only when it
        // was: the row lock taken first makes a concurrent change of the version fail this statement instead.
        ["InsertMembershipKey"] = """
            WITH version AS (
                SELECT deployment_id FROM orleans_membership_version
                WHERE deployment_id = @DeploymentId AND version = @Version FOR UPDATE),
            member AS (
                INSERT INTO orleans_membership
                    (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
                FROM version
                ON CONFLICT DO NOTHING
                RETURNING deployment_id),
            bumped AS (
                UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
                WHERE deployment_id IN (SELECT deployment_id FROM member)
                RETURNING 1)
            SELECT COUNT(*)::integer FROM bumped
            """,

        ["UpdateMembershipKey"] = $"""
            WITH version AS (
                SELECT deployment_id FROM orleans_membership_version
                WHERE deployment_id = @DeploymentId AND version = @Version FOR UPDATE),
            member AS (
                UPDATE orleans_membership SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                WHERE deployment_id IN (SELECT deployment_id FROM version) AND address = @Address AND port = @Port AND generation = @Generation
                RETURNING deployment_id),
            bumped AS (
                UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
                WHERE deployment_id IN (SELECT deployment_id FROM member)
                RETURNING 1)
            SELECT COUNT(*)::integer FROM bumped
            """,

        ["UpdateIAmAlivetimeKey"] = $"UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime WHERE {MemberKey}",

        ["MembershipReadRowKey"] = $"""
            SELECT {MemberColumns}
            FROM orleans_membership_version v
            LEFT JOIN orleans_membership m
                ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.deployment_id = @DeploymentId
            """,

        ["MembershipReadAllKey"] = $"""
            SELECT {MemberColumns}
            FROM orleans_membership_version v
            LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
            WHERE v.deployment_id = @DeploymentId
            """,

        ["GatewaysQueryKey"] = """
            SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
            FROM orleans_membership
            WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
            """,

        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
            DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
            """,

        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM orleans_membership
            WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
            """,

        ["ReadFromStorageKey"] = $"SELECT payload AS PayloadBinary, version AS Version FROM grain_state WHERE {StateKey}",

        // One row always: the new version; the version the grain held when its update found another (the provider then
        // reports the conflict); NULL when an insert found a row already there.
        ["WriteToStorageKey"] = $"""
            WITH updated AS (
                UPDATE grain_state SET payload = @PayloadBinary, version = version + 1, updated_at = now()
                WHERE @GrainStateVersion IS NOT NULL AND {StateKey} AND version = @GrainStateVersion
                RETURNING version),
            inserted AS (
                INSERT INTO grain_state (service_id, state_name, grain_id_n0, grain_id_n1, grain_key, version, payload, updated_at)
                SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), 1, @PayloadBinary, now()
                WHERE @GrainStateVersion IS NULL
                ON CONFLICT DO NOTHING
                RETURNING version)
            SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS NewGrainStateVersion
            """,

        // Clearing keeps the row with no payload and a new version, so that the grain can write again from the version it holds.
        ["ClearStorageKey"] = $"""
            WITH cleared AS (
                UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = now()
                WHERE {StateKey} AND version = @GrainStateVersion
                RETURNING version)
            SELECT COALESCE((SELECT version FROM cleared), @GrainStateVersion) AS Version
            """,

        ["DeleteStorageKey"] = $"""
            WITH deleted AS (
                DELETE FROM grain_state WHERE {StateKey} AND version = @GrainStateVersion RETURNING version)
            SELECT COALESCE((SELECT version + 1 FROM deleted), @GrainStateVersion) AS Version
            """,

        ["ReadReminderRowsKey"] = $"SELECT {ReminderColumns} FROM reminders WHERE service_id = @ServiceId AND grain_id = @GrainId",

        ["ReadReminderRowKey"] = $"""
            SELECT {ReminderColumns} FROM reminders
            WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
            """,

        ["ReadRangeRows1Key"] = $"""
            SELECT {ReminderColumns} FROM reminders
            WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
            """,

        ["ReadRangeRows2Key"] = $"""
            SELECT {ReminderColumns} FROM reminders
            WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
            """,

        ["UpsertReminderRowKey"] = """
            INSERT INTO reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
                version = reminders.version + 1
            RETURNING version AS Version
            """,

        ["DeleteReminderRowKey"] = """
            WITH deleted AS (
                DELETE FROM reminders
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
                RETURNING 1)
            SELECT COUNT(*)::integer FROM deleted
            """,

        ["DeleteReminderRowsKey"] = "DELETE FROM reminders WHERE service_id = @ServiceId",
    };
}
