using FaustGen.CommandLine;
using FaustGen.Hosting;
using FaustWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The app's settings come from its [App] attribute, then from the "FaustGen" section of the configuration
// (appsettings.json, FaustGen__Broker) and FAUSTGEN_* environment variables: FAUSTGEN_BROKER=kafka://localhost:9092
// moves it from the in-process cluster to a real one.
var builder = Host.CreateApplicationBuilder();
builder.Services.AddFaustApp<WorkerApp>();
using var host = builder.Build();

// Arguments run FaustGen's command line on the configured app: worker, send, agents, tables, models, reset (--help).
if (args.Length > 0)
{
    return await FaustCommandLine.RunAsync(host.Services.GetRequiredService<WorkerApp>(), args);
}

// Without, the worker runs in the host until Ctrl-C or SIGTERM, with the host's logging and health checks, and stops
// gracefully; an app that fails sets exit code 1.
await host.StartAsync();
await host.WaitForShutdownAsync();
return Environment.ExitCode;
