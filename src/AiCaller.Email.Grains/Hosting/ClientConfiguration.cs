using Orleans.Configuration;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>An Orleans client of the product's cluster: it finds the gateways in the cluster's PostgreSQL membership table.</summary>
public static class ClientConfiguration
{
    public static IClientBuilder UseEmailCluster(this IClientBuilder client, HostSettings settings)
    {
        var connectionString = settings.PostgresConnectionString
            ?? throw new InvalidOperationException("An Orleans client of the product needs the cluster's PostgreSQL connection string.");
        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        client.AddOutgoingGrainCallFilter<FailoverRetry>();
        if (settings.ExportsOverOtlp)
        {
            // An API request's trace continues into the silo that runs the grain.
            client.AddActivityPropagation();
        }

        if (settings.ClusterCertificate is { } certificate)
        {
            client.UseClusterTls(certificate);
        }

        return client;
    }
}
