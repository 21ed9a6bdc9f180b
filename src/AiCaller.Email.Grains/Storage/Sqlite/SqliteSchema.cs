using AiCaller.Email.Grains.Storage.Schema;

namespace AiCaller.Email.Grains.Storage.Sqlite;

/// <summary>
/// The embedded database's tables. Times are whole milliseconds since 1970 UTC. Every row carries the Orleans
/// service id, as Orleans' own tables do, so that one database can hold more than one deployment.
/// </summary>
public static class SqliteSchema
{
    public static SchemaDefinition Definition { get; } = new(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)",
        Migrations);

    private static IReadOnlyList<Migration> Migrations =>
    [
        new(1, "grain state, reminders, key ring, mailbox directory, send records, host facts", """
            CREATE TABLE grain_state (
                service_id TEXT NOT NULL,
                state_name TEXT NOT NULL,
                grain_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                payload BLOB NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (service_id, state_name, grain_id)
            );

            CREATE TABLE reminders (
                service_id TEXT NOT NULL,
                grain_id TEXT NOT NULL,
                reminder_name TEXT NOT NULL,
                grain_hash INTEGER NOT NULL,
                start_at INTEGER NOT NULL,
                period_ms INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            ) WITHOUT ROWID;
            CREATE INDEX reminders_by_grain_hash ON reminders (service_id, grain_hash);

            CREATE TABLE data_protection_keys (
                friendly_name TEXT NOT NULL PRIMARY KEY,
                xml TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );

            CREATE TABLE mailbox_directory (
                service_id TEXT NOT NULL,
                tenant TEXT NOT NULL,
                provider TEXT NOT NULL,
                account TEXT NOT NULL,
                status TEXT NOT NULL,
                details BLOB,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (service_id, tenant, provider, account)
            ) WITHOUT ROWID;

            CREATE TABLE mailbox_counts (
                service_id TEXT NOT NULL,
                tenant TEXT NOT NULL,
                provider TEXT NOT NULL,
                status TEXT NOT NULL,
                mailboxes INTEGER NOT NULL,
                PRIMARY KEY (service_id, tenant, provider, status)
            ) WITHOUT ROWID;

            CREATE TABLE send_records (
                service_id TEXT NOT NULL,
                mailbox TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                payload_hash TEXT NOT NULL,
                marker TEXT NOT NULL,
                outcome TEXT NOT NULL,
                message_id TEXT,
                thread_id TEXT,
                created_at INTEGER NOT NULL,
                attempted_at INTEGER NOT NULL,
                unknown_since INTEGER,
                PRIMARY KEY (service_id, mailbox, idempotency_key)
            ) WITHOUT ROWID;
            CREATE INDEX send_records_by_mailbox_age ON send_records (service_id, mailbox, created_at);
            CREATE INDEX send_records_by_age ON send_records (service_id, created_at);

            CREATE TABLE host_facts (
                name TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID;
            """),
    ];
}
