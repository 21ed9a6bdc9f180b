namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// How long a restart of the API host took: stopping the old host, and starting the new one until it answered /readyz.
/// <see cref="StartedAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the new host began to
/// start, so that what it does in the background afterwards can be timed from the same instant.
/// </summary>
public sealed record HostRestart(TimeSpan Stop, long StartedAt, TimeSpan UntilReady);
