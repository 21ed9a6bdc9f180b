namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>One call inside a batch request: method, path, query and headers of its own, and its body.</summary>
public sealed record InnerRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The path and query of <see cref="Target"/>; a batch call gives only these, never a whole URL.</summary>
    public (PathString Path, QueryString Query) PathAndQuery
    {
        get
        {
            var query = Target.IndexOf('?');
            return query < 0 ? (new PathString(Target), QueryString.Empty) : (new PathString(Target[..query]), new QueryString(Target[query..]));
        }
    }
}
