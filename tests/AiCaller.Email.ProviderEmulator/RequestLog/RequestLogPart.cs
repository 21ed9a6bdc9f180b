namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>One call inside a batch request, with the status of its own answer; the batch is one entry in the log.</summary>
public sealed record RequestLogPart(string Method, string Path, string Query, int Status);
