namespace AiCaller.Email.Grains.Storage;

/// <summary>A reminder's identity: the grain that owns it and its name.</summary>
internal readonly record struct ReminderKey(GrainId GrainId, string Name)
{
    public static ReminderKey Of(ReminderEntry entry) => new(entry.GrainId, entry.ReminderName);
}
