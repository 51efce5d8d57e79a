using System.Net;
using System.Text.Json;
using FaustGen.Testing;

namespace FaustGen.Web.Tests;

/// <summary>The web site of one worker on the in-process broker: every endpoint, and the errors a person gets.</summary>
public sealed class WebSiteTests : IAsyncLifetime
{
    /// <summary>Where the windowed table's clock starts: 2026-11-03T10:00:00Z, on a 10 s window's start.</summary>
    private const long Start = 1_793_700_000_000;

    private readonly ManualClock clock = new(DateTimeOffset.FromUnixTimeMilliseconds(Start));
    private readonly WebCounter app;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private AppTestContext test = null!;

    public WebSiteTests() => app = new($"web-{Guid.NewGuid():N}", "memory://", webPort: 0, s => s.RecordEventDurations = true, clock: clock);

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
        Assert.Contains("has no table 'nope'. Its tables: counts, scores, recent.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

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
        Assert.Equal(["counts", "scores", "recent"], tables.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        using var one = JsonDocument.Parse(await http.GetStringAsync("/tables/scores"));
        Assert.Equal("int", one.RootElement.GetProperty("keyType").GetString());
        Assert.Equal("string", one.RootElement.GetProperty("valueType").GetString());
        Assert.Equal(2, one.RootElement.GetProperty("keys").GetInt64());

        // A windowed table's store is keyed by key and window, and says so as C# would.
        using var windowed = JsonDocument.Parse(await http.GetStringAsync("/tables/recent"));
        Assert.Equal("Windowed<string>", windowed.RootElement.GetProperty("keyType").GetString());
        Assert.Equal("long", windowed.RootElement.GetProperty("valueType").GetString());
    }

    [Fact]
    public async Task A_windowed_key_answers_its_current_window_and_every_window_it_has()
    {
        // The fixture's words were counted in [0 s, 10 s); one more "faust" 10 s later goes to [10 s, 20 s).
        clock.Set(At(10));
        await test.PutAsync(app.Words, "faust", "faust");

        var response = await http.GetAsync("/tables/recent/faust");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.Cluster.MemberId, response.Headers.GetValues(FaustWebSite.WorkerHeader).Single());
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = answer.RootElement;
        Assert.Equal("recent", root.GetProperty("table").GetString());
        Assert.Equal("faust", root.GetProperty("key").GetString());
        Assert.Equal(FaustGen.Transport.Partitioner.ForKey("faust"u8, 4), root.GetProperty("partition").GetInt32());
        Assert.Equal("tumbling(00:00:10, expires 00:01:00)", root.GetProperty("window").GetString());
        Assert.Equal((At(10), At(20), 1L), Window(root.GetProperty("current")));
        Assert.Equal([(At(0), At(10), 2L), (At(10), At(20), 1L)], Windows(root));

        // The current window at another time, given as milliseconds since the epoch or ISO-8601; one nothing was written to reads 0.
        Assert.Equal((At(0), At(10), 2L), Window((await GetJsonAsync($"/tables/recent/faust?at={Start + 9_999}")).GetProperty("current")));
        Assert.Equal((At(30), At(40), 0L), Window((await GetJsonAsync("/tables/recent/faust?at=2026-11-03T10:00:35Z")).GetProperty("current")));

        // The plain value of a windowed key is the value of the window its clock is in.
        var recent = app.Tables.Single(t => t.Name == "recent");
        Assert.Equal("1", recent.ReadJson(recent.ParseKey("faust")));
    }

    [Fact]
    public async Task A_windowed_keys_windows_can_be_narrowed_to_those_that_start_in_a_time_range()
    {
        clock.Set(At(10));
        await test.PutAsync(app.Words, "faust", "faust");
        clock.Set(At(20));
        await test.PutAsync(app.Words, "faust", "faust");

        Assert.Equal([(At(10), At(20), 1L)], Windows(await GetJsonAsync($"/tables/recent/faust?from={Start + 10_000}&to={Start + 20_000}")));
        Assert.Equal([(At(10), At(20), 1L), (At(20), At(30), 1L)], Windows(await GetJsonAsync("/tables/recent/faust?from=2026-11-03T10:00:05Z")));
        Assert.Equal([(At(0), At(10), 2L)], Windows(await GetJsonAsync("/tables/recent/faust?to=2026-11-03T12:00:10%2B02:00")));

        // A key that has windows, none in the range: there, with none listed.
        Assert.Empty(Windows(await GetJsonAsync("/tables/recent/faust?from=2026-11-03T11:00:00Z")));
    }

    [Fact]
    public async Task Bad_window_parameters_get_400s_that_name_them_and_unknown_windowed_keys_404s()
    {
        async Task<string> RefusedAsync(string url, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var response = await http.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("Query parameter 'from' is 'yesterday', not a time: give an ISO-8601 time", await RefusedAsync("/tables/recent/faust?from=yesterday"), StringComparison.Ordinal);
        Assert.Contains("Query parameter 'at' is '2026-11-03T12:00:00 02:00', not a time", await RefusedAsync("/tables/recent/faust?at=2026-11-03T12:00:00+02:00"), StringComparison.Ordinal);
        Assert.Contains("write it %2B", await RefusedAsync("/tables/recent/faust?at=2026-11-03T12:00:00+02:00"), StringComparison.Ordinal);
        Assert.Contains("Query parameter 'to' is '99999999999999999', not a time", await RefusedAsync("/tables/recent/faust?to=99999999999999999"), StringComparison.Ordinal);
        Assert.Contains("Query parameter 'to' (2026-11-03T10:00:00.0000000+00:00) is not after 'from' (2026-11-03T10:00:10.0000000+00:00)",
            await RefusedAsync($"/tables/recent/faust?from={Start + 10_000}&to={Start}"), StringComparison.Ordinal);
        Assert.Contains("Query parameter 'to' is given 2 times; give it once.", await RefusedAsync("/tables/recent/faust?to=1&to=2"), StringComparison.Ordinal);
        Assert.Contains("Query parameter 'from' reads windows, and table 'counts' is not windowed", await RefusedAsync("/tables/counts/faust?from=0"), StringComparison.Ordinal);
        Assert.Contains("Table 'recent' has no key 'mephisto'", await RefusedAsync("/tables/recent/mephisto", HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("Table 'recent' has no key 'mephisto'", await RefusedAsync("/tables/recent/mephisto?from=0", HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    private static DateTimeOffset At(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds(Start).AddSeconds(seconds);

    private static (DateTimeOffset Start, DateTimeOffset End, long Value) Window(JsonElement window) =>
        (window.GetProperty("start").GetDateTimeOffset(), window.GetProperty("end").GetDateTimeOffset(), window.GetProperty("value").GetInt64());

    private static List<(DateTimeOffset Start, DateTimeOffset End, long Value)> Windows(JsonElement answer) =>
        [.. answer.GetProperty("windows").EnumerateArray().Select(Window)];

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
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
