namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>Counts of successful token operations (a request that ended in an error is not counted; the request log has every attempt).</summary>
public sealed record GoogleStats(int CodeExchanges, int Refreshes, int Revocations, IReadOnlyDictionary<string, int> RefreshesByUser);
