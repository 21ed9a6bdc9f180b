// The headless silo joins a PostgreSQL-backed cluster (SPEC §5). That storage is not built yet, so rather than
// start a silo that could lose state, say so and stop.
Console.Error.WriteLine(
    "AiCaller.Email.Silo needs PostgreSQL clustering (ConnectionStrings__Postgres), which this build does not support yet. "
    + "Run the embedded default instead: dotnet run --project src/AiCaller.Email.Api");
return 2;
