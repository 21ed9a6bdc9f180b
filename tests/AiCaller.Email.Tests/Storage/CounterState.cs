namespace AiCaller.Email.Tests.Storage;

[GenerateSerializer, Alias("AiCaller.Email.Tests.Storage.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    /// <summary>Reminder ticks received, kept in the state so that a test can watch them in the database.</summary>
    [Id(1)]
    public int Ticks { get; set; }
}
