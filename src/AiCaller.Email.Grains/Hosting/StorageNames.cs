namespace AiCaller.Email.Grains.Hosting;

/// <summary>Names of the grain storage providers; part of every stored row, so never rename them.</summary>
public static class StorageNames
{
    public const string Default = "aicaller";
}
