namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>The well-known mail folders a message can be in, by Graph's well-known names.</summary>
public static class GraphFolders
{
    public const string Inbox = "inbox";
    public const string SentItems = "sentitems";
    public const string Drafts = "drafts";
    public const string DeletedItems = "deleteditems";
    public const string Archive = "archive";
    public const string JunkEmail = "junkemail";

    public static readonly IReadOnlyList<string> All = [Inbox, SentItems, Drafts, DeletedItems, Archive, JunkEmail];

    /// <summary>A folder named by well-known name (any case) or by id; null when it names none of this mailbox's.</summary>
    public static string? Resolve(string nameOrId, Guid mailbox) =>
        All.FirstOrDefault(f => f.Equals(nameOrId, StringComparison.OrdinalIgnoreCase) || GraphIds.Folder(mailbox, f) == nameOrId);
}
