using AiCaller.Email.Grains.Storage.Schema;

namespace AiCaller.Email.Grains.Storage.Postgres;

/// <summary>
/// The PostgreSQL tables: Orleans' membership, grain state and reminders in the shapes its ADO.NET providers need
/// (<see cref="OrleansQueries"/>), and the product's own tables. Keys are text (grain ids can be long); the columns
/// keys are compared on use the "C" collation, so pages come in the same byte order as on SQLite; times are timestamptz.
/// </summary>
public static class PostgresSchema
{
    public static SchemaDefinition Definition { get; } = new(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)",
        Migrations);

    private static IReadOnlyList<Migration> Migrations =>
    [
        new(1, "Orleans membership, grain state, reminders and queries; key ring, mailbox directory, send records, host facts", """
            CREATE TABLE OrleansQuery (
                QueryKey varchar(64) NOT NULL PRIMARY KEY,
                QueryText text NOT NULL
            );

            CREATE TABLE orleans_membership_version (
                deployment_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version integer NOT NULL DEFAULT 0,
                changed_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE orleans_membership (
                deployment_id text COLLATE "C" NOT NULL REFERENCES orleans_membership_version (deployment_id),
                address text COLLATE "C" NOT NULL,
                port integer NOT NULL,
                generation integer NOT NULL,
                silo_name text NOT NULL,
                host_name text NOT NULL,
                status integer NOT NULL,
                proxy_port integer,
                suspect_times text,
                start_time timestamptz NOT NULL,
                i_am_alive_time timestamptz NOT NULL,
                PRIMARY KEY (deployment_id, address, port, generation)
            );

            CREATE TABLE grain_state (
                service_id text COLLATE "C" NOT NULL,
                state_name text COLLATE "C" NOT NULL,
                grain_id_n0 bigint NOT NULL,
                grain_id_n1 bigint NOT NULL,
                grain_key text COLLATE "C" NOT NULL,
                version integer NOT NULL,
                payload bytea,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_key)
            );

            CREATE TABLE reminders (
                service_id text COLLATE "C" NOT NULL,
                grain_id text COLLATE "C" NOT NULL,
                reminder_name text COLLATE "C" NOT NULL,
                start_time timestamptz NOT NULL,
                period_ms bigint NOT NULL,
                grain_hash integer NOT NULL,
                version integer NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            );
            CREATE INDEX reminders_by_grain_hash ON reminders (service_id, grain_hash);

            CREATE TABLE data_protection_keys (
                friendly_name text NOT NULL PRIMARY KEY,
                xml text NOT NULL,
                created_at timestamptz NOT NULL
            );

            CREATE TABLE mailbox_directory (
                service_id text COLLATE "C" NOT NULL,
                tenant text COLLATE "C" NOT NULL,
                provider text COLLATE "C" NOT NULL,
                account text COLLATE "C" NOT NULL,
                status text NOT NULL,
                details bytea,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (service_id, tenant, provider, account)
            );

            CREATE TABLE mailbox_counts (
                service_id text COLLATE "C" NOT NULL,
                tenant text COLLATE "C" NOT NULL,
                provider text COLLATE "C" NOT NULL,
                status text COLLATE "C" NOT NULL,
                mailboxes bigint NOT NULL,
                PRIMARY KEY (service_id, tenant, provider, status)
            );

            CREATE TABLE send_records (
                service_id text COLLATE "C" NOT NULL,
                mailbox text COLLATE "C" NOT NULL,
                idempotency_key text COLLATE "C" NOT NULL,
                payload_hash text NOT NULL,
                marker text NOT NULL,
                outcome text NOT NULL,
                message_id text,
                thread_id text,
                created_at timestamptz NOT NULL,
                attempted_at timestamptz NOT NULL,
                unknown_since timestamptz,
                PRIMARY KEY (service_id, mailbox, idempotency_key)
            );
            CREATE INDEX send_records_by_mailbox_age ON send_records (service_id, mailbox, created_at);
            CREATE INDEX send_records_by_age ON send_records (service_id, created_at);

            CREATE TABLE host_facts (
                name text NOT NULL PRIMARY KEY,
                value text NOT NULL
            );
            """),
    ];
}
