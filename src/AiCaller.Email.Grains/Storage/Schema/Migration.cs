namespace AiCaller.Email.Grains.Storage.Schema;

/// <summary>One step of a database's schema; applied once, in version order, and recorded in <c>schema_migrations</c>.</summary>
public sealed record Migration(int Version, string Description, string Sql);

/// <summary>A database's schema: the table that records the applied migrations, and the migrations in order.</summary>
public sealed record SchemaDefinition(string VersionTableSql, IReadOnlyList<Migration> Migrations);
