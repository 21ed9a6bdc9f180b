using AiCaller.Email.Grains.Hosting;

namespace AiCaller.Email.Api.Hosting;

/// <summary>The API hosts its own silo (embedded default) or joins a cluster as a client: exactly one of the two, chosen once.</summary>
public static class OrleansHosting
{
    public static WebApplicationBuilder AddOrleans(this WebApplicationBuilder builder, HostSettings settings)
    {
        if (settings.Mode == OrleansMode.Client)
        {
            builder.UseOrleansClient(client => client.UseEmailCluster(settings));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseEmailSilo(settings));
        }

        return builder;
    }
}
