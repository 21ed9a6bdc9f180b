using System.Diagnostics;
using Orleans.Reminders.Diagnostics;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// Orleans' reminder diagnostics in this process: when a silo's reminder service finished its first read of the
/// reminder table, which it does in the background after the silo has started (so /readyz does not wait for it),
/// and how many reminders it put on local timers (only those due within its loading window).
/// </summary>
public sealed class ReminderServiceWatch : IDisposable
{
    private readonly TaskCompletionSource<long> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _serviceEvents;
    private readonly IDisposable _reminderEvents;
    private int _localTimers;

    public ReminderServiceWatch()
    {
        _serviceEvents = ReminderEvents.ServiceEvents.Subscribe(new Observer<ReminderEvents.ReminderServiceEvent>(e =>
        {
            if (e is ReminderEvents.ReminderServiceStarted)
            {
                _started.TrySetResult(Stopwatch.GetTimestamp());
            }
        }));
        _reminderEvents = ReminderEvents.AllEvents.Subscribe(new Observer<ReminderEvents.ReminderEvent>(e =>
        {
            if (e is ReminderEvents.LocalReminderStarted)
            {
                Interlocked.Increment(ref _localTimers);
            }
        }));
    }

    public int LocalTimersStarted => Volatile.Read(ref _localTimers);

    /// <returns>The <see cref="Stopwatch"/> timestamp at which the reminder service reported that it started, or null after <paramref name="timeout"/>.</returns>
    public async Task<long?> StartedAsync(TimeSpan timeout)
    {
        try
        {
            return await _started.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _serviceEvents.Dispose();
        _reminderEvents.Dispose();
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
