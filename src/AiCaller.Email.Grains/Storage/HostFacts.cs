namespace AiCaller.Email.Grains.Storage;

/// <summary>Small named facts the host keeps about its own data (<c>host_facts</c>): what was imported, which keys wrote it.</summary>
public sealed class HostFacts(IDatabase database)
{
    public Task<string?> GetAsync(string name) =>
        database.ReadAsync(async connection =>
            (string?)await connection.Command("SELECT value FROM host_facts WHERE name = @name").With("name", name).ScalarAsync());

    public Task SetAsync(string name, string value) =>
        database.WriteAsync((connection, transaction) => connection.Command(
                "INSERT INTO host_facts (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value", transaction)
            .With("name", name)
            .With("value", value)
            .RunAsync());
}
