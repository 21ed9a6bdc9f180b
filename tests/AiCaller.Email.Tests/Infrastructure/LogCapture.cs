using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// Keeps every log line the host writes at its configured levels, exceptions included, and with each line the scopes it
/// was written in (the mailbox's tenant, provider and account; the request's trace), as a structured sink sees them.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Each entry as "Level Category: message exception", without its scopes.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Each entry with its scopes.</summary>
    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, string message, Exception? exception)
    {
        var scopes = new List<CapturedScope>();
        _scopes.ForEachScope(static (scope, list) => list.Add(CapturedScope.Of(scope)), scopes);
        _lines.Enqueue($"{level} {category}: {message} {exception}");
        _entries.Enqueue(new CapturedLog(level, category, message, exception?.ToString(), scopes));
    }

    private sealed class CapturingLogger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(logLevel, category, formatter(state, exception), exception);
    }
}

/// <summary>One log entry and the scopes it was written in.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, string? Exception, IReadOnlyList<CapturedScope> Scopes)
{
    /// <summary>The value of a structured scope entry, innermost scope first; null when no scope has it.</summary>
    public string? ScopeValue(string key) =>
        Scopes.Reverse().SelectMany(scope => scope.Values).Where(value => value.Key == key).Select(value => value.Value).FirstOrDefault();

    /// <summary>Everything a sink could write of the entry: message, exception, and each scope as text and as values.</summary>
    public override string ToString() =>
        $"{Level} {Category}: {Message} {Exception} {string.Join(" => ", Scopes.Select(scope => scope.ToString()))}";
}

/// <summary>A scope as text (what the plain console writes) and as key/value pairs (what JSON and OTLP write).</summary>
public sealed record CapturedScope(string Text, IReadOnlyList<KeyValuePair<string, string?>> Values)
{
    public static CapturedScope Of(object? scope) => new(
        scope?.ToString() ?? string.Empty,
        scope is IEnumerable<KeyValuePair<string, object?>> values
            ? values.Select(value => KeyValuePair.Create(value.Key, value.Value?.ToString())).ToList()
            : []);

    public override string ToString() => $"{Text} {string.Join(" ", Values.Select(value => $"{value.Key}={value.Value}"))}";
}
