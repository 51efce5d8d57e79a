using Microsoft.Extensions.Logging;

namespace FaustGen.Logging;

/// <summary>
/// Writes log entries as lines <c>Level Category: message</c> to standard error (or to a writer given), the exception
/// of an entry on the lines after it. An app logs through <see cref="Default"/>, warnings and errors only, until it is
/// given another factory (<see cref="App.LoggerFactory"/>); <c>NullLoggerFactory.Instance</c> silences it.
/// </summary>
/// <remarks>
/// It has no scopes, options or formatters, and uses no reflection, so it costs nothing to carry into a Native AOT
/// executable. For more, give the app a factory of Microsoft.Extensions.Logging (the Generic Host's, for example).
/// </remarks>
public sealed class ConsoleLoggerFactory : ILoggerFactory
{
    private readonly TextWriter? writer;
    private readonly Lock gate = new();

    /// <summary>Creates a factory whose loggers write entries of <paramref name="minimumLevel"/> and above to
    /// <paramref name="writer"/> (default: standard error, as it is when each entry is written).</summary>
    public ConsoleLoggerFactory(LogLevel minimumLevel = LogLevel.Warning, TextWriter? writer = null)
    {
        MinimumLevel = minimumLevel;
        this.writer = writer;
    }

    /// <summary>What an app logs to unless told otherwise: warnings, errors and critical failures, to standard error.</summary>
    public static ConsoleLoggerFactory Default { get; } = new();

    /// <summary>The least severe level written.</summary>
    public LogLevel MinimumLevel { get; }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        return new Logger(this, categoryName);
    }

    /// <summary>Not supported: this factory writes to its one writer.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("ConsoleLoggerFactory writes to one writer; use Microsoft.Extensions.Logging's LoggerFactory to combine providers.");

    /// <summary>Does nothing: the writer is not the factory's to close.</summary>
    public void Dispose()
    {
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        _ => "Critical",
    };

    private bool IsEnabled(LogLevel level) => level >= MinimumLevel && level != LogLevel.None;

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = exception is null
            ? $"{Name(level)} {category}: {message}{Environment.NewLine}"
            : $"{Name(level)} {category}: {message}{Environment.NewLine}{exception}{Environment.NewLine}";
        // One write per entry, under a lock: entries logged from several threads do not interleave.
        lock (gate)
        {
            (writer ?? Console.Error).Write(line);
        }
    }

    private sealed class Logger(ConsoleLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => factory.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (factory.IsEnabled(logLevel))
            {
                factory.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
