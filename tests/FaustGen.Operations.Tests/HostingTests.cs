using FaustGen.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaustGen.Operations.Tests;

/// <summary>An app in the Generic Host: settings from configuration, logging, health checks and a graceful stop.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task The_host_runs_the_app_with_its_configuration_logging_and_health_and_stops_it()
    {
        var broker = "memory://host-" + Guid.NewGuid().ToString("N");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FaustGen:Broker"] = broker,
            ["FaustGen:CommitInterval"] = "0.2",
            ["FaustGen:WebEnabled"] = "false",
        });
        var logs = new ListLogger();
        builder.Logging.AddProvider(logs);
        builder.Services.AddFaustApp<Shop>(settings => settings.ClientId = "shop-host");
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var shop = host.Services.GetRequiredService<Shop>();
        Assert.Same(shop, host.Services.GetRequiredService<App>());

        var before = await health.CheckHealthAsync(c => c.Tags.Contains(FaustServiceCollectionExtensions.ReadyTag));
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("is Created", before.Entries.Single().Value.Description, StringComparison.Ordinal);

        await host.StartAsync();
        Assert.Equal(AppState.Running, shop.State);
        Assert.Equal(broker, shop.Settings.Broker);
        Assert.Equal(TimeSpan.FromSeconds(0.2), shop.Settings.CommitInterval);
        Assert.Equal("shop-host", shop.Settings.ClientId);
        Assert.False(shop.Settings.WebEnabled);
        Assert.Contains(logs.Lines, l => l.StartsWith("FaustGen.App: App shop started on " + broker, StringComparison.Ordinal));

        var live = await health.CheckHealthAsync(c => c.Tags.Contains(FaustServiceCollectionExtensions.LiveTag));
        var ready = await health.CheckHealthAsync(c => c.Tags.Contains(FaustServiceCollectionExtensions.ReadyTag));
        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal("faustgen-Shop-ready", ready.Entries.Single().Key);
        Assert.Equal("Running", ready.Entries.Single().Value.Data["state"]);

        await shop.Orders.SendAsync("faust", new Order(1, "faust", 2));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (shop.Totals["faust"] != 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The order was not processed: {string.Join("; ", shop.Agents)}; recovery {shop.Recovery}; partitions {shop.Assignment.Count}.");
            await Task.Delay(20);
        }

        await host.StopAsync();
        Assert.Equal(AppState.Stopped, shop.State);
        Assert.Contains(logs.Lines, l => l == "FaustGen.App: App shop stopped");
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(c => c.Tags.Contains(FaustServiceCollectionExtensions.ReadyTag))).Status);
    }

    [Fact]
    public async Task A_factory_makes_the_app_and_a_failed_start_makes_it_not_live()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddFaustApp(_ => new Shop(), settings => settings.Broker = "nowhere://");
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<FaustConfigurationException>(() => host.StartAsync());
        Assert.Contains("Broker", error.Message, StringComparison.Ordinal);
        var live = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains(FaustServiceCollectionExtensions.LiveTag));
        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Equal("App 'shop' failed: it could not start (see its log).", live.Entries.Single().Value.Description);
    }

    private sealed class ListLogger : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Queue { get; } = new();

        public IEnumerable<string> Lines => Queue;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Queue);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
