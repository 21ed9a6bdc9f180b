namespace AiCaller.Email.Grains.Mailboxes;

[GenerateSerializer, Immutable, Alias("AiCaller.Email.ConnectResult")]
public sealed record ConnectResult(ProviderName Provider, string Account, string Email);
