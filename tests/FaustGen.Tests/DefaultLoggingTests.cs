using FaustGen.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaustGen.Tests;

/// <summary>Tests that read standard error run alone: other tests' apps write there too.</summary>
[CollectionDefinition(nameof(StandardError), DisableParallelization = true)]
public sealed class StandardError;

/// <summary>An app given no logger factory logs warnings and errors to standard error; one given NullLoggerFactory logs nothing.</summary>
[Collection(nameof(StandardError))]
public sealed class DefaultLoggingTests
{
    [Fact]
    public async Task An_app_without_a_logger_factory_writes_a_timers_refused_table_write_to_standard_error()
    {
        var lines = await RunTimerWritingATableAsync(app => Assert.Same(ConsoleLoggerFactory.Default, app.LoggerFactory));

        Assert.Contains(lines, l => l.StartsWith("Error FaustGen.App: write of app default-logging failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("System.InvalidOperationException:", StringComparison.Ordinal));
        // Information (the app's start) is below the default level.
        Assert.DoesNotContain(lines, l => l.Contains("started on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NullLoggerFactory_silences_an_app()
    {
        var lines = await RunTimerWritingATableAsync(app => app.LoggerFactory = NullLoggerFactory.Instance);
        Assert.DoesNotContain(lines, l => l.Contains("default-logging", StringComparison.Ordinal));
    }

    [Fact]
    public void Entries_are_lines_of_level_category_and_message_with_the_exception_after_them()
    {
        var output = new StringWriter();
        using var factory = new ConsoleLoggerFactory(LogLevel.Information, output);
        var logger = factory.CreateLogger("FaustGen.Kafka");
        logger.LogDebug("not written");
        logger.LogInformation("Partition {Partition} assigned", 3);
        logger.LogWarning(new InvalidOperationException("boom"), "Skipped an event");
        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.False(logger.IsEnabled(LogLevel.None));

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("Information FaustGen.Kafka: Partition 3 assigned", lines[0]);
        Assert.Equal("Warning FaustGen.Kafka: Skipped an event", lines[1]);
        Assert.Equal("System.InvalidOperationException: boom", lines[2]);
        Assert.Equal(LogLevel.Warning, ConsoleLoggerFactory.Default.MinimumLevel);
    }

    /// <summary>Runs an app whose timer writes a table (refused: tables change only inside agents) until it has ticked,
    /// and returns what standard error received meanwhile.</summary>
    private static async Task<string[]> RunTimerWritingATableAsync(Action<App> configure)
    {
        var ticks = 0;
        Table<string, long> counts = null!;
        var app = new TestApps.Defined("default-logging", d =>
        {
            d.Settings.Broker = $"memory://default-logging-{Guid.NewGuid():N}";
            counts = d.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            d.Timer("write", TimeSpan.FromMilliseconds(20), _ =>
            {
                Interlocked.Increment(ref ticks);
                counts["k"] = 1;
                return default;
            });
        });
        configure(app);
        var error = new StringWriter();
        var standardError = Console.Error;
        Console.SetError(error);
        try
        {
            await using (app)
            {
                await app.StartAsync();
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (Volatile.Read(ref ticks) < 2)
                {
                    Assert.True(DateTime.UtcNow < deadline, "The timer did not tick.");
                    await Task.Delay(10);
                }
            }
        }
        finally
        {
            Console.SetError(standardError);
        }

        return error.ToString().Split(Environment.NewLine);
    }
}
