namespace AiCaller.Email.Tests.Storage;

[GenerateSerializer, Alias("AiCaller.Email.Tests.Storage.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }
}
