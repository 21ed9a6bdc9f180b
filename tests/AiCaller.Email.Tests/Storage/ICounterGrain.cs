namespace AiCaller.Email.Tests.Storage;

/// <summary>A test-only grain whose count lives in the "test" file storage and which can hold reminders.</summary>
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

    [Alias("RegisterReminder")]
    Task RegisterReminderAsync(string name);

    [Alias("HasReminder")]
    Task<bool> HasReminderAsync(string name);
}
