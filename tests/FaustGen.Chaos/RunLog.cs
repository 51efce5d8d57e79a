using Microsoft.Extensions.Logging;

namespace FaustGen.Chaos;

/// <summary>
/// Every worker's log of one run in one file, lines stamped with the time since the run began and the worker's name,
/// so that what the workers did around a mismatch can be read in order. Without a directory it keeps nothing.
/// </summary>
internal sealed class RunLog : IDisposable
{
    private readonly StreamWriter? writer;
    private readonly Lock gate = new();
    private readonly long started = Environment.TickCount64;

    public RunLog(string? directory, string name)
    {
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            Path = System.IO.Path.Combine(directory, name + ".log");
            writer = new StreamWriter(Path, append: false) { AutoFlush = false };
        }
    }

    /// <summary>The file, or null.</summary>
    public string? Path { get; }

    /// <summary>A logger factory for one worker (or the harness itself).</summary>
    public ILoggerFactory For(string source) => new Factory(this, source);

    /// <summary>Writes a line of the harness's own.</summary>
    public void Note(string text) => Write("harness", "chaos", LogLevel.Information, text, null);

    public void Dispose()
    {
        lock (gate)
        {
            writer?.Dispose();
        }
    }

    private void Write(string source, string category, LogLevel level, string text, Exception? error)
    {
        if (writer is null)
        {
            return;
        }

        var line = $"{(Environment.TickCount64 - started) / 1000.0,9:F3} {source,-12} {level,-11} {category}: {text}";
        lock (gate)
        {
            writer.WriteLine(line);
            if (error is not null)
            {
                writer.WriteLine("          " + error.ToString().ReplaceLineEndings("\n          "));
            }

            if (level >= LogLevel.Warning)
            {
                writer.Flush();
            }
        }
    }

    private sealed class Factory(RunLog log, string source) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Logger(log, source, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    private sealed class Logger(RunLog log, string source, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => log.writer is not null && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write(source, category, logLevel, formatter(state, exception), exception);
            }
        }
    }
}
