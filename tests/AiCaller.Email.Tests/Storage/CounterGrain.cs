namespace AiCaller.Email.Tests.Storage;

[GrainType("storage-test-counter")]
public sealed class CounterGrain([PersistentState("counter", "test")] IPersistentState<CounterState> counter)
    : Grain, ICounterGrain, IRemindable
{
    public const string GrainTypeName = "storage-test-counter";

    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<int> IncrementAsync()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Count);

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task RegisterReminderAsync(string name) =>
        this.RegisterOrUpdateReminder(name, dueTime: TimeSpan.FromHours(1), period: TimeSpan.FromHours(1));

    public Task RegisterTickingReminderAsync(string name, TimeSpan period) =>
        this.RegisterOrUpdateReminder(name, dueTime: period, period: period);

    public async Task<bool> HasReminderAsync(string name) => await this.GetReminder(name) is not null;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        counter.State.Ticks++;
        await counter.WriteStateAsync();
    }
}
