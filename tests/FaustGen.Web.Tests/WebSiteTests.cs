using System.Net;
using System.Text.Json;
using FaustGen.Testing;

namespace FaustGen.Web.Tests;

/// <summary>The web site of one worker on the in-process broker: every endpoint, and the errors a person gets.</summary>
public sealed class WebSiteTests : IAsyncLifetime
{
    private readonly WebCounter app = new($"web-{Guid.NewGuid():N}", "memory://", webPort: 0, s => s.RecordEventDurations = true);
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private AppTestContext test = null!;

    public async Task InitializeAsync()
    {
        test = await AppTestContext.StartAsync(app);
        http.BaseAddress = app.Site!.Url;
        foreach (var word in new[] { "faust", "faust", "gretchen", "boom" })
        {
            await test.PutAsync(app.Words, word, word);
        }
    }

    public async Task DisposeAsync()
    {
        await test.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public void The_site_listens_on_the_loopback_address_by_default()
    {
        Assert.Equal("127.0.0.1", app.Settings.WebBind);
        Assert.Equal("127.0.0.1", app.Site!.Url!.Host);
    }

    [Fact]
    public async Task Stats_report_agents_partitions_tables_instruments_and_errors()
    {
        using var stats = JsonDocument.Parse(await http.GetStringAsync("/stats"));
        var root = stats.RootElement;
        Assert.Equal(app.Settings.Id, root.GetProperty("app").GetString());
        Assert.Equal("Running", root.GetProperty("state").GetString());
        Assert.True(root.GetProperty("ready").GetBoolean());
        var agent = root.GetProperty("agents")[0];
        Assert.Equal("count", agent.GetProperty("name").GetString());
        Assert.Equal(3, agent.GetProperty("processed").GetInt64());
        Assert.Equal(1, agent.GetProperty("failed").GetInt64());
        Assert.Equal(4, root.GetProperty("assigned").GetArrayLength());
        Assert.All(root.GetProperty("assigned").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("lag").GetInt64()));
        var counts = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "counts");
        Assert.Equal(2, counts.GetProperty("keys").GetInt64());
        Assert.Equal("How often each word was seen", counts.GetProperty("help").GetString());
        var received = root.GetProperty("instruments").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "faustgen.messages.received");
        Assert.Equal(4, received.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("tags").GetProperty("topic").GetString() == "words").GetProperty("value").GetDouble());
        Assert.Equal("no boom allowed", root.GetProperty("recentErrors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Health_is_live_and_ready_while_the_app_runs()
    {
        var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("\"status\":\"live\"", await live.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"status\":\"ready\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_Prometheus_text_with_custom_sensors()
    {
        app.Meter.CreateCounter<long>("orders.rejected", "{order}", "Orders refused").Add(2, new KeyValuePair<string, object?>("reason", "stock"));
        var response = await http.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var id = app.Settings.Id;
        Assert.Contains("# TYPE faustgen_messages_received_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains($"faustgen_messages_received_total{{app=\"{id}\",topic=\"words\"}} 4\n", text, StringComparison.Ordinal);
        Assert.Contains($"faustgen_events_processed_total{{app=\"{id}\",agent=\"count\"}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE faustgen_event_duration_milliseconds summary\n", text, StringComparison.Ordinal);
        Assert.Contains($"faustgen_event_duration_milliseconds_count{{app=\"{id}\",agent=\"count\"}} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE faustgen_consumer_lag gauge\n", text, StringComparison.Ordinal);
        Assert.Contains($"faustgen_consumer_lag{{app=\"{id}\",partition=\"0\",topic=\"words\"}} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP orders_rejected_total Orders refused\n", text, StringComparison.Ordinal);
        Assert.Contains($"orders_rejected_total{{app=\"{id}\",reason=\"stock\"}} 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_is_read_as_the_tables_key_type_and_answered_here()
    {
        var response = await http.GetAsync("/tables/counts/faust");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var value = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, value.RootElement.GetProperty("value").GetInt64());
        Assert.Equal(app.Cluster.MemberId, response.Headers.GetValues(FaustWebSite.WorkerHeader).Single());

        using var score = JsonDocument.Parse(await http.GetStringAsync("/tables/scores/8"));
        Assert.Equal("gretchen", score.RootElement.GetProperty("value").GetString());

        using var route = JsonDocument.Parse(await http.GetStringAsync("/router/counts/faust"));
        Assert.True(route.RootElement.GetProperty("local").GetBoolean());
        Assert.Equal(FaustGen.Transport.Partitioner.ForKey("faust"u8, 4), route.RootElement.GetProperty("partition").GetInt32());
    }

    [Fact]
    public async Task Unknown_tables_bad_keys_and_missing_keys_get_4xx_that_say_why()
    {
        var unknown = await http.GetAsync("/tables/nope/x");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("has no table 'nope'. Its tables: counts, scores.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var bad = await http.GetAsync("/tables/scores/eight");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var reason = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Table 'scores' has int keys. Key 'eight' cannot be read as int", reason, StringComparison.Ordinal);

        var missing = await http.GetAsync("/tables/counts/mephisto");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Table 'counts' has no key 'mephisto'", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/router/nope/x")).StatusCode);
    }

    [Fact]
    public async Task Tables_are_listed_with_their_sizes()
    {
        using var tables = JsonDocument.Parse(await http.GetStringAsync("/tables"));
        Assert.Equal(["counts", "scores"], tables.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        using var one = JsonDocument.Parse(await http.GetStringAsync("/tables/scores"));
        Assert.Equal("int", one.RootElement.GetProperty("keyType").GetString());
        Assert.Equal("string", one.RootElement.GetProperty("valueType").GetString());
        Assert.Equal(2, one.RootElement.GetProperty("keys").GetInt64());
    }

    [Fact]
    public async Task The_dashboard_is_served_from_the_assembly()
    {
        var page = await http.GetAsync("/");
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>FaustGen worker</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
    }
}
