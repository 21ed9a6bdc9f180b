using AiCaller.Email.Grains.Hosting;

namespace AiCaller.Email.Api.Hosting;

/// <summary>The API hosts its own silo (embedded default) or joins a cluster as a client: exactly one of the two.</summary>
public static class OrleansHosting
{
    public static WebApplicationBuilder AddOrleans(this WebApplicationBuilder builder, HostSettings settings)
    {
        if (settings.Mode == OrleansMode.Client)
        {
            throw new InvalidOperationException(
                "ORLEANS_MODE=client joins a PostgreSQL-backed cluster, which this build does not support yet; use the embedded default.");
        }

        builder.UseOrleans(silo => silo.UseEmbeddedDefaults(settings));
        return builder;
    }
}
