namespace AiCaller.Email.Grains.Storage.Schema;

/// <summary>One step of a database's schema; applied once, in version order, and recorded in <c>schema_migrations</c>.</summary>
public sealed record Migration(int Version, string Description, string Sql);
