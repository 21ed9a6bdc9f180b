using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Grains.Storage;

/// <summary>Registers <see cref="FileReminderTable"/> as the silo's reminder table.</summary>
public static class FileReminderServiceSiloBuilderExtensions
{
    /// <summary>Enables reminders, stored durably in <c>{RootDirectory}/reminders.json</c>.</summary>
    public static ISiloBuilder UseFileReminderService(this ISiloBuilder builder, Action<FileReminderTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);

        builder.AddReminders();
        builder.Services.AddSingleton<IReminderTable, FileReminderTable>();
        builder.Services.AddOptions<FileReminderTableOptions>()
            .Configure(configure)
            .Validate(options => !string.IsNullOrWhiteSpace(options.RootDirectory), "The file reminder table needs a RootDirectory.");
        return builder;
    }
}
