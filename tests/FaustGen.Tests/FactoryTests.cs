using System.Collections.Concurrent;
using FaustGen.Testing;

namespace FaustGen.Tests;

/// <summary>The C# form of Faust's Stream/Table/WebSite settings: factory methods an app overrides.</summary>
public sealed class FactoryTests
{
    [Fact]
    public async Task An_app_can_make_its_tables_a_subclass_of_its_own()
    {
        var app = new AuditingApp();
        await using var test = await AppTestContext.StartAsync(app);
        await test.PutAsync(app.Words, "a", "a");
        await test.PutAsync(app.Words, "a", "a");
        Assert.IsType<AuditedTable<string, long>>(app.Counts);
        Assert.Equal(["a=1", "a=2"], ((AuditedTable<string, long>)app.Counts).Changes);
    }

    [Fact]
    public async Task The_web_site_starts_after_the_app_and_stops_before_it()
    {
        var app = new AuditingApp();
        await using (var test = await AppTestContext.StartAsync(app))
        {
            Assert.Equal(["start while Starting"], app.Site.Calls);
        }

        Assert.Equal(["start while Starting", "stop while Stopping"], app.Site.Calls);
    }

    [Fact]
    public async Task A_transport_that_fails_to_subscribe_fails_the_start_without_hanging()
    {
        var app = new TestApps.Defined("failing-transport", d =>
        {
            d.Transport(new FaultyTransportFactory { FailSubscribe = true });
            d.EventAgent("read", d.Topic<string, string>("input"), (_, _) => default);
        });
        app.Settings.Broker = "faulty://";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("subscribe refused", error.Message);
        Assert.Equal(AppState.Failed, app.State);
    }

    [Fact]
    public async Task An_app_whose_poll_loop_fails_stops_by_itself_and_ends_failed()
    {
        var transport = new FaultyTransportFactory();
        await using var app = new TestApps.Defined("failing-polls", d =>
        {
            d.Transport(transport);
            d.EventAgent("read", d.Topic<string, string>("input"), (_, _) => default);
        });
        app.Settings.Broker = $"faulty://polls-{Guid.NewGuid():N}";
        await app.StartAsync();
        Assert.Equal(AppState.Running, app.State);
        Assert.False(app.Completion.IsCompleted);

        // Nothing consumes once the poll loop is gone: the app stops, so whoever runs it restarts it.
        transport.FailPolls = true;
        var failure = await Assert.ThrowsAsync<AppFailedException>(() => app.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(AppState.Failed, app.State);
        Assert.Same(failure, app.Failure);
        Assert.Contains("cannot recover from", failure.InnerException!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 0)]
    public async Task An_exactly_once_app_whose_transactions_cannot_be_committed_recovers_at_most_three_times_in_a_row_then_ends_failed(bool renewable, int renewals)
    {
        var transport = new FaultyTransportFactory { Renewable = renewable };
        await using var app = new TestApps.Defined("failing-commits", d =>
        {
            d.Transport(transport);
            d.EventAgent("read", d.Topic<string, string>("input"), (_, _) => default);
        });
        app.Settings.Broker = $"faulty://commits-{Guid.NewGuid():N}";
        app.Settings.ProcessingGuarantee = ProcessingGuarantee.ExactlyOnce;
        app.Settings.CommitInterval = TimeSpan.FromMilliseconds(50);
        await app.StartAsync();
        Assert.Equal(AppState.Running, app.State);

        // Every commit fails: each failure is recovered from (a new transaction, the group joined again) while the producer
        // allows it, but not more than three in a row; a producer that cannot go on stops the app at the first.
        transport.FailCommits = true;
        var failure = await Assert.ThrowsAsync<AppFailedException>(() => app.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(AppState.Failed, app.State);
        Assert.Equal(renewals, transport.Renewals);
        Assert.Contains(renewable ? "3 rewinds in a row" : "the producer cannot go on", failure.Message, StringComparison.Ordinal);
    }

    private sealed class AuditedTable<TKey, TValue>(App app, string name, TableOptions<TValue> options) : Table<TKey, TValue>(app, name, options)
        where TKey : notnull
    {
        public ConcurrentQueue<string> Changes { get; } = new();

        protected override void OnChanged(int partition, TKey key, TValue value) => Changes.Enqueue($"{key}={value}");
    }

    private sealed class RecordingSite(App app) : IWebSite
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Calls.Enqueue($"start while {app.State}");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Calls.Enqueue($"stop while {app.State}");
            return Task.CompletedTask;
        }
    }

    private sealed class AuditingApp : App
    {
        private RecordingSite? site;

        public Topic<string, string> Words { get; private set; } = null!;

        public Table<string, long> Counts { get; private set; } = null!;

        public RecordingSite Site => site ?? throw new InvalidOperationException("not created");

        protected override void Define(AppDefinition definition)
        {
            definition.Settings.Id = "auditing";
            Words = definition.Topic<string, string>("words");
            Counts = definition.Table<string, long>("counts");
            definition.EventAgent("count", Words, (e, _) =>
            {
                Counts[e.Value] += 1;
                return default;
            });
        }

        protected override Table<TKey, TValue> CreateTable<TKey, TValue>(string name, TableOptions<TValue> options) =>
            new AuditedTable<TKey, TValue>(this, name, options);

        protected override IWebSite? CreateWebSite() => site = new RecordingSite(this);
    }
}
