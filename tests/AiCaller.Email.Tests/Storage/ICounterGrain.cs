namespace AiCaller.Email.Tests.Storage;

/// <summary>A test-only grain whose count lives in the "test" grain storage and which can hold reminders.</summary>
[Alias("AiCaller.Email.Tests.Storage.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Increment")]
    Task<int> IncrementAsync();

    [Alias("Get")]
    Task<int> GetAsync();

    /// <summary>Differs between activations, so a test can prove the grain was really reactivated.</summary>
    [Alias("GetActivationId")]
    Task<Guid> GetActivationIdAsync();

    /// <summary>A reminder that does not fire during a test.</summary>
    [Alias("RegisterReminder")]
    Task RegisterReminderAsync(string name);

    /// <summary>A reminder that fires every <paramref name="period"/>; each tick is counted in the stored state.</summary>
    [Alias("RegisterTickingReminder")]
    Task RegisterTickingReminderAsync(string name, TimeSpan period);

    [Alias("HasReminder")]
    Task<bool> HasReminderAsync(string name);
}
