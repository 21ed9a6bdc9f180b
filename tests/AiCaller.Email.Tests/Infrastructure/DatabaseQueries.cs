using System.Data.Common;
using AiCaller.Email.Grains.Storage;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>Looking at a product database past the store under test, through a connection of its own.</summary>
public static class DatabaseQueries
{
    /// <summary>Runs a query with <c>@name</c> parameters; the SQL has to suit both databases when a suite runs on both.</summary>
    public static Task<List<T>> QueryAsync<T>(
        this IDatabase database, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        database.ReadAsync(connection =>
        {
            var command = connection.Command(sql);
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }

            return command.RowsAsync(map);
        });
}
