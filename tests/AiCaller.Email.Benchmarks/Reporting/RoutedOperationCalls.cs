using AiCaller.Email.Benchmarks.Hosting;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>
/// The provider calls one request of an operation made, as the stand-in logged them when the operation was tried
/// once; direct and proxy replay exactly these, bodies included.
/// </summary>
public sealed record RoutedOperationCalls(string Operation, string Description, IReadOnlyList<LoggedCall> ProviderCalls);
