using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using FaustGen.Logging;
using FaustGen.Monitoring;
using FaustGen.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FaustGen.CommandLine;

/// <summary>
/// The command line every FaustGen app executable can offer (Faust's <c>faust -A app …</c>): make the app and hand
/// it the arguments in <c>Main</c>, <c>return await FaustCommandLine.RunAsync(new WordCount(), args);</c>, and the
/// executable understands <c>worker</c>, <c>send</c>, <c>agents</c>, <c>tables</c>, <c>models</c> and <c>reset</c>, with
/// <c>--help</c> on each. Exit codes are in <see cref="ExitCodes"/>.
/// </summary>
public static class FaustCommandLine
{
    // librdkafka would wait 300 s (message.timeout.ms) for a message the broker does not take.
    private static readonly TimeSpan DefaultSendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command on <paramref name="app"/>, an app that has not started;
    /// returns the exit code. The commands that use settings (<c>worker</c>, <c>send</c>, <c>reset</c>) read them as the
    /// Generic Host does, each source over the one before: the app's own (its attribute and code), the section
    /// <c>FaustGen</c> of <c>appsettings.json</c> and <c>appsettings.{DOTNET_ENVIRONMENT}.json</c> in the current directory
    /// and of environment variables (<c>FaustGen__Broker</c>), <c>FAUSTGEN_*</c> variables (<c>FAUSTGEN_BROKER</c>), then
    /// the command's options. Settings read from a configuration already (<see cref="AppSettings.IsBound"/>, as
    /// FaustGen.Hosting does) are not read again. An app that logs to <see cref="ConsoleLoggerFactory.Default"/> logs to
    /// <paramref name="error"/> instead, at the <c>worker</c>'s <c>--log-level</c>.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where results go (default: standard output).</param>
    /// <param name="error">Where errors go (default: standard error).</param>
    /// <param name="input">Where confirmations are read from (default: standard input).</param>
    /// <param name="cancellationToken">Stops a running worker, as Ctrl-C does.</param>
    public static async Task<int> RunAsync(App app, string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        var console = new Console(output ?? System.Console.Out, error ?? System.Console.Error, input ?? System.Console.In);
        var root = Build(app, console, cancellationToken);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await console.Error.WriteLineAsync(problem.Message).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync($"Run '{root.Name} --help' (or '{root.Name} COMMAND --help') to see what is expected.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (FaustConfigurationException ex)
        {
            await console.Error.WriteLineAsync("Configuration error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Configuration;
        }
        catch (BrokerUnreachableException ex)
        {
            await console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.BrokerUnreachable;
        }
        catch (FormatException ex)
        {
            await console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await console.Error.WriteLineAsync($"Failed: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static RootCommand Build(App app, Console console, CancellationToken stop)
    {
        var root = new RootCommand($"FaustGen app '{app.Settings.Id}': run a worker, send messages, list what the app declares. Exit codes: 0 ok, 1 failed, 2 wrong command line, 3 invalid setting, 4 not confirmed, 5 broker unreachable.");
        root.Subcommands.Add(Worker(app, console, stop));
        root.Subcommands.Add(Send(app, console));
        root.Subcommands.Add(Agents(app, console));
        root.Subcommands.Add(Tables(app, console));
        root.Subcommands.Add(Models(console));
        root.Subcommands.Add(Reset(app, console));
        return root;
    }

    private static Command Worker(App app, Console console, CancellationToken stop)
    {
        var broker = BrokerOption();
        var store = new Option<string?>("--store", "-s") { Description = "Table store: memory:// or rocksdb:// (setting Store)." };
        var webPort = new Option<int?>("--web-port", "-p") { Description = "Web site port, 0 for any free one (setting WebPort; default 6066)." };
        var webBind = new Option<string?>("--web-bind") { Description = "Web site address: 127.0.0.1 (default, this machine only), 0.0.0.0 or :: to serve others (setting WebBind)." };
        var withoutWeb = new Option<bool>("--without-web") { Description = "Serve no web site (setting WebEnabled=false)." };
        var logLevel = new Option<LogLevel>("--log-level", "-l")
        {
            Description = "Least severe log level written to the console: Trace, Debug, Information, Warning, Error, Critical, None.",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var command = new Command("worker", "Run a worker of the app until Ctrl-C or SIGTERM, then stop gracefully (exit 0).")
        {
            broker, store, webPort, webBind, withoutWeb, logLevel,
        };
        command.SetAction(async (result, _) =>
        {
            ReadConfiguration(app);
            var settings = app.Settings;
            Apply(result.GetValue(broker), v => settings.Broker = v);
            Apply(result.GetValue(store), v => settings.Store = v);
            Apply(result.GetValue(webBind), v => settings.WebBind = v);
            if (result.GetValue(webPort) is { } port)
            {
                settings.WebPort = port;
            }

            if (result.GetValue(withoutWeb))
            {
                settings.WebEnabled = false;
            }

            LogTo(console, app, result.GetValue(logLevel));
            return await RunWorkerAsync(app, console, stop).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunWorkerAsync(App app, Console console, CancellationToken stop)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(stop);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await app.StartAsync(shutdown.Token).ConfigureAwait(false);
        try
        {
            await console.Out.WriteLineAsync($"Worker {app.Cluster.MemberId} of app '{app.Settings.Id}' runs on {app.Settings.Broker}; Ctrl-C stops it.").ConfigureAwait(false);
            if (app.WebSite?.Url is { } url)
            {
                await console.Out.WriteLineAsync($"Dashboard: {url}").ConfigureAwait(false);
            }

            // Also ends when the app stops by itself on a failure (it is then Failed, and the exit code says so).
            await app.Completion.WaitAsync(shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }
        catch (AppFailedException failed)
        {
            await console.Error.WriteLineAsync(failed.Message).ConfigureAwait(false);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var totals = app.Monitor.Snapshot();
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Stopped. Received {totals.Value("faustgen.messages.received")} messages, processed {totals.Value("faustgen.events.processed")} events ({totals.Value("faustgen.events.failed")} failed), sent {totals.Value("faustgen.messages.sent")}.")).ConfigureAwait(false);
        return app.State == AppState.Stopped ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static Command Send(App app, Console console)
    {
        var topic = new Argument<string>("topic") { Description = "The topic to send to." };
        var value = new Argument<string>("value") { Description = "The value: for a topic the app declares, JSON of its value type (a plain string for string values); else sent as UTF-8 text." };
        var key = new Option<string?>("--key", "-k") { Description = "The key, read like the value (default: none)." };
        var partition = new Option<int?>("--partition") { Description = "The partition (default: by the key, or the broker's choice)." };
        var codec = new Option<string?>("--codec") { Description = "Encode the value with this codec (json, raw, msgpack, avro, …) instead of the topic's." };
        var repeat = new Option<int>("--repeat", "-r") { Description = "How many copies to send.", DefaultValueFactory = _ => 1 };
        var broker = BrokerOption();
        var timeout = new Option<double>("--timeout", "-t")
        {
            Description = "Seconds to wait for the broker to confirm each message (connecting waits for setting BrokerConnectTimeout first).",
            DefaultValueFactory = _ => DefaultSendTimeout.TotalSeconds,
        };
        timeout.Validators.Add(r =>
        {
            if (!(r.GetValueOrDefault<double>() > 0))
            {
                r.AddError("--timeout must be more than 0 seconds.");
            }
        });
        repeat.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--repeat must be 1 or more.");
            }
        });
        var command = new Command("send", "Send a message to a topic through the app's broker (without starting the app).") { topic, value, key, partition, codec, repeat, broker, timeout };
        command.SetAction(async (result, cancellationToken) =>
        {
            ReadConfiguration(app);
            Apply(result.GetValue(broker), v => app.Settings.Broker = v);
            LogTo(console, app, LogLevel.Warning);
            var name = result.GetValue(topic)!;
            var codecName = result.GetValue(codec);
            var written = await app.SendTextAsync(
                name, result.GetValue(key), result.GetValue(value)!, result.GetValue(partition), codecName is null ? null : (Codecs.Codec)codecName, result.GetValue(repeat),
                TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            foreach (var metadata in written)
            {
                await console.Out.WriteLineAsync($"{metadata.Topic}[{metadata.Partition}]@{metadata.Offset}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Agents(App app, Console console)
    {
        var command = new Command("agents", "List the app's agents: name, topic and concurrency.");
        command.SetAction(async _ =>
        {
            var rows = app.Agents.Select(a => new[] { a.Name, a.Topic, a.Concurrency.ToString(CultureInfo.InvariantCulture) });
            await WriteTableAsync(console.Out, ["AGENT", "TOPIC", "CONCURRENCY"], rows).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Tables(App app, Console console)
    {
        var command = new Command("tables", "List the app's tables: name, key and value types, help.");
        command.SetAction(async _ =>
        {
            var rows = app.Tables.Select(t => new[] { t.Name, t.KeyType, t.ValueType, t.Help ?? string.Empty });
            await WriteTableAsync(console.Out, ["TABLE", "KEY", "VALUE", "HELP"], rows).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Models(Console console)
    {
        var name = new Argument<string?>("model") { Description = "Show only this record (its name or full name).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("models", "List the [Record] types of the executable and their fields.") { name };
        command.SetAction(async result =>
        {
            var wanted = result.GetValue(name);
            var models = RecordModels.All.Where(m => wanted is null || m.Name == wanted || m.FullName == wanted).ToList();
            if (models.Count == 0)
            {
                await console.Error.WriteLineAsync(wanted is null
                    ? "The executable has no [Record] types."
                    : $"No record '{wanted}'. Records: {string.Join(", ", RecordModels.All.Select(m => m.Name))}.").ConfigureAwait(false);
                return wanted is null ? ExitCodes.Success : ExitCodes.Usage;
            }

            foreach (var model in models)
            {
                await console.Out.WriteLineAsync(model.FullName).ConfigureAwait(false);
                await WriteTableAsync(console.Out, ["  FIELD", "TYPE", "WIRE NAME", "REQUIRED"],
                    model.Fields.Select(f => new[] { "  " + f.Name, f.Type, f.WireName, f.Required ? "yes" : "no" })).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reset(App app, Console console)
    {
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var command = new Command("reset", "Delete this worker's local table data (it is rebuilt from the changelogs on the next start). Stop the worker first.") { yes };
        command.SetAction(async result =>
        {
            ReadConfiguration(app);
            app.Settings.Validate();
            if (app.Settings.Store.StartsWith("memory:", StringComparison.OrdinalIgnoreCase))
            {
                await console.Out.WriteLineAsync("The store is memory://: tables keep no local data between runs, so there is nothing to reset.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var directory = Path.GetFullPath(app.Settings.DataDirectory);
            if (!Directory.Exists(directory))
            {
                await console.Out.WriteLineAsync($"No local table data at {directory}: nothing to reset.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (!result.GetValue(yes))
            {
                await console.Out.WriteAsync($"Delete the local table data of app '{app.Settings.Id}' at {directory}? [y/N] ").ConfigureAwait(false);
                var answer = await console.In.ReadLineAsync().ConfigureAwait(false);
                if (answer?.Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    await console.Error.WriteLineAsync("Not confirmed: nothing deleted. Answer y, or pass --yes.").ConfigureAwait(false);
                    return ExitCodes.NotConfirmed;
                }
            }

            Directory.Delete(directory, recursive: true);
            await console.Out.WriteLineAsync($"Deleted {directory}; the next start rebuilds the tables from their changelogs.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string?> BrokerOption() =>
        new("--broker", "-b") { Description = "Broker URL: kafka://host:9092, embedded://, memory:// (setting Broker)." };

    /// <summary>Reads the app's settings from appsettings.json and the environment, as the Generic Host would, unless
    /// they were read from a configuration already.</summary>
    private static void ReadConfiguration(App app)
    {
        if (app.Settings.IsBound)
        {
            return;
        }

        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        try
        {
            app.Settings.Bind(configuration.GetSection(AppSettings.ConfigurationSection)).BindEnvironment();
        }
        finally
        {
            (configuration as IDisposable)?.Dispose();
        }
    }

    /// <summary>An app that logs to the console by default logs to the command's error output, at <paramref name="level"/>.</summary>
    private static void LogTo(Console console, App app, LogLevel level)
    {
        if (ReferenceEquals(app.LoggerFactory, ConsoleLoggerFactory.Default))
        {
            app.LoggerFactory = new ConsoleLoggerFactory(level, console.Error);
        }
    }

    private static void Apply(string? value, Action<string> set)
    {
        if (value is not null)
        {
            set(value);
        }
    }

    private static async Task WriteTableAsync(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (var row in all)
        {
            var line = string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])));
            await output.WriteLineAsync(line.TrimEnd()).ConfigureAwait(false);
        }
    }

    private sealed record Console(TextWriter Out, TextWriter Error, TextReader In);
}
