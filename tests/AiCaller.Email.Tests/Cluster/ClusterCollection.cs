namespace AiCaller.Email.Tests.Cluster;

/// <summary>
/// Each cluster test runs several processes (silos, an API, PostgreSQL) and watches how long things take: they run one
/// at a time, after the tests that run in parallel, so that neither slows the other down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster processes";
}
