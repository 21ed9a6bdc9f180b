using Orleans.Configuration;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// Failure detection for a small cluster (two to a handful of silos). Orleans' defaults (10 s probes, 3 misses, two
/// votes) take about half a minute to declare a killed silo dead, during which calls to its grains wait. Here a silo
/// that misses three 2-second probes is suspected, and its peer's vote is enough in a two-silo cluster (Orleans asks
/// for at most a majority of the live silos: one of two). The heartbeat in the table is written every 10 s, so that a silo
/// that starts while another lies dead in the table sees it as stale soon.
/// </summary>
public static class ClusterMembership
{
    public static ISiloBuilder UseSmallClusterFailureDetection(this ISiloBuilder silo) =>
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 3;
            options.NumVotesForDeathDeclaration = 2;
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
}
