using AiCaller.Email.Grains.Hosting;
using Orleans.Dashboard;

namespace AiCaller.Email.Api.Hosting;

/// <summary>
/// The API hosts its own silo (embedded default) or joins a cluster as a client: exactly one of the two, chosen once.
/// Either way it serves the Orleans Dashboard: from its own silo, or as a client of the silos' dashboards.
/// </summary>
public static class OrleansHosting
{
    public static WebApplicationBuilder AddOrleans(this WebApplicationBuilder builder, HostSettings settings)
    {
        if (settings.Mode == OrleansMode.Client)
        {
            builder.UseOrleansClient(client => client.UseEmailCluster(settings).AddDashboard(EmailDashboard.Configure));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseEmailSilo(settings));
        }

        return builder;
    }
}
