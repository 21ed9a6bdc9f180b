namespace AiCaller.Email.Grains.Mail;

/// <summary>
/// Paging and search for a message list. Gmail uses <see cref="Query"/> and <see cref="PageToken"/>;
/// Outlook uses <see cref="Skip"/> or <see cref="PageToken"/>. <see cref="PageSize"/> is already range-checked.
/// </summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.MessageListQuery")]
public sealed record MessageListQuery(int PageSize, string? Query, string? PageToken, int? Skip);
