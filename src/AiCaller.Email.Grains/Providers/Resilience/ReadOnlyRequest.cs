namespace AiCaller.Email.Grains.Providers.Resilience;

/// <summary>
/// Which provider requests only read, and so may be repeated whatever happened to them: every GET, and a POST marked
/// as a read (Gmail's batch endpoint, which carries GETs in a POST). Anything else may send mail.
/// </summary>
public static class ReadOnlyRequest
{
    private static readonly HttpRequestOptionsKey<bool> ReadsOnly = new("AiCaller.Email.ReadsOnly");

    public static HttpRequestMessage MarkReadOnly(this HttpRequestMessage request)
    {
        request.Options.Set(ReadsOnly, true);
        return request;
    }

    public static bool IsReadOnly(this HttpRequestMessage? request) =>
        request is not null && (request.Method == HttpMethod.Get || (request.Options.TryGetValue(ReadsOnly, out var marked) && marked));
}
