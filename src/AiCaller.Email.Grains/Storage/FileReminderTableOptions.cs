namespace AiCaller.Email.Grains.Storage;

/// <summary>Where <see cref="FileReminderTable"/> keeps the silo's reminders.</summary>
public sealed class FileReminderTableOptions
{
    /// <summary>The data directory; reminders go to <c>{RootDirectory}/reminders.json</c>.</summary>
    public string RootDirectory { get; set; } = string.Empty;
}
