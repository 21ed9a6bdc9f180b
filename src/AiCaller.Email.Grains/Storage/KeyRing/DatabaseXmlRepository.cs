using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace AiCaller.Email.Grains.Storage.KeyRing;

/// <summary>
/// The Data Protection key ring in the <c>data_protection_keys</c> table, beside the state it encrypts, so that a
/// backup of the database is a backup of its keys. When a certificate is configured, each key is stored encrypted.
/// </summary>
public sealed class DatabaseXmlRepository(IDatabase database) : IXmlRepository
{
    // Data Protection calls these synchronously and seldom: at start and when its ring needs a new key.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        database.ReadAsync(connection => connection
                .Command("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name")
                .RowsAsync(row => XElement.Parse(row.GetString(0))))
            .GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        database.WriteAsync((connection, transaction) => connection.Command(
                    "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @createdAt) "
                    + "ON CONFLICT (friendly_name) DO UPDATE SET xml = excluded.xml",
                    transaction)
                .With("name", friendlyName)
                .With("xml", element.ToString(SaveOptions.DisableFormatting))
                .With("createdAt", database.Dialect.Instant(DateTimeOffset.UtcNow))
                .RunAsync())
            .GetAwaiter().GetResult();
}
