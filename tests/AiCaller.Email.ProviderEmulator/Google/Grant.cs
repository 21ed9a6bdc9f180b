namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>
/// One user's authorization of one client. Revoking any token of a grant removes the whole grant,
/// as Google does, so tokens only point at their grant and ask it whether they still live.
/// </summary>
public sealed record Grant(string Id, string Email, string ClientId, bool Revoked = false);
