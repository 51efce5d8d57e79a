namespace FaustGen.Tests;

/// <summary>No background thread of the runtime dies of an exception while the app stops: a broker call that fails
/// then (the broker slow, or the worker cut off) ends the thread quietly instead of taking the process down.</summary>
public sealed class BackgroundThreadTests
{
    [Fact]
    public async Task A_changelog_read_that_fails_while_the_app_stops_ends_the_recovery_thread_without_killing_the_process()
    {
        App? app = null;
        var transport = new FaultyTransportFactory
        {
            // The recovery's first watermark query hangs until the app is stopping, then fails, as a query to a broker
            // out of reach does once its timeout passes.
            BeforeRead = (client, call) =>
            {
                if (client.EndsWith("-tables", StringComparison.Ordinal) && call == "GetWatermarks")
                {
                    SpinWait.SpinUntil(() => app?.State == AppState.Stopping);
                    Thread.Sleep(TimeSpan.FromSeconds(2));
                    throw new InvalidOperationException("Local: Timed out");
                }
            },
        };
        app = new TestApps.Defined("stopping-recovery", d =>
        {
            d.Transport(transport);
            var counts = d.Table<string, long>("counts", new TableOptions<long> { Default = 0 });
            d.EventAgent("count", d.Topic<string, string>("events"), (e, _) =>
            {
                counts[e.Value] += 1;
                return default;
            });
        });
        app.Settings.Broker = $"faulty://stopping-recovery-{Guid.NewGuid():N}";
        app.Settings.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
        await app.StartAsync();
        await Wait.UntilAsync(() => app.Assignment.Count > 0, "the worker holds partitions (and recovers their tables)");

        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AppState.Stopped, app.State);
        Assert.True(app.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cluster_map_read_that_fails_while_the_app_stops_ends_its_thread_without_killing_the_process()
    {
        App? app = null;
        var transport = new FaultyTransportFactory
        {
            BeforeRead = (client, call) =>
            {
                if (client.EndsWith("-cluster", StringComparison.Ordinal) && call == "Read" && app?.State == AppState.Stopping)
                {
                    Thread.Sleep(TimeSpan.FromMilliseconds(500));
                    throw new InvalidOperationException("Local: Broker transport failure");
                }
            },
        };
        app = new TestApps.Defined("stopping-cluster", d =>
        {
            d.Transport(transport);
            d.EventAgent("read", d.Topic<string, string>("events"), (_, _) => default);
        });
        app.Settings.Broker = $"faulty://stopping-cluster-{Guid.NewGuid():N}";
        await app.StartAsync();

        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AppState.Stopped, app.State);
    }
}
