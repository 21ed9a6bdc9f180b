namespace AiCaller.Email.Grains.Health;

/// <summary>Checks that a store the silo writes to is reachable; registered by the storage configuration.</summary>
public interface IStorageProbe
{
    /// <summary>Null when reachable, else what is wrong.</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
