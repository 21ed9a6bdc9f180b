using AiCaller.Email.Grains.Hosting;
using Npgsql;

namespace AiCaller.Email.Tests.Hosting;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void A_postgres_url_becomes_a_connection_string_with_every_part()
    {
        var connectionString = DatabaseUrl.ToConnectionString("postgres://mail%40app:p%3Ass%2Fword@db.example.com:6543/email-prod?sslmode=require");

        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal("db.example.com", parsed.Host);
        Assert.Equal(6543, parsed.Port);
        Assert.Equal("email-prod", parsed.Database);
        Assert.Equal("mail@app", parsed.Username);
        Assert.Equal("p:ss/word", parsed.Password);
        Assert.Equal(SslMode.Require, parsed.SslMode);
    }

    [Fact]
    public void The_port_defaults_to_5432_and_the_postgresql_scheme_is_accepted()
    {
        var parsed = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgresql://app@localhost/email"));

        Assert.Equal(5432, parsed.Port);
        Assert.Equal("app", parsed.Username);
        Assert.Null(parsed.Password);
    }

    [Theory]
    [InlineData("mysql://app@localhost/email")]
    [InlineData("postgres://localhost")]
    [InlineData("not a url")]
    public void Anything_else_stops_the_host_naming_the_variable(string url)
    {
        var refusal = Assert.Throws<StartupRefusedException>(() => DatabaseUrl.ToConnectionString(url));

        Assert.Contains("DATABASE_URL", refusal.Message);
        Assert.DoesNotContain(url, refusal.Message);
    }
}
