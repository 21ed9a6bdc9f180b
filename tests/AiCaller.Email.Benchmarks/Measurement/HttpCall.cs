namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>One request as wrk sends it: method, path with query, headers and body.</summary>
public sealed record HttpCall(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[]? Body = null);
