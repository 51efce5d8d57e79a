using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FaustGen.TestSupport;

/// <summary>Keeps every log line of an app, for tests that check what happened (rebalances, recoveries, lost
/// partitions). Linked into the test projects that need it.</summary>
internal sealed class TestLog : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public int Count(string fragment) => Lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
