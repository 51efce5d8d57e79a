using FaustGen.Testing;
using FaustGen.Transport.Memory;

namespace FaustGen.TableKinds.Tests;

/// <summary>Windowed tables on memory://: writes to every window of an event, reads by time, expiry and late events, recovery.</summary>
public sealed class WindowedTableTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_tumbling_window_counts_the_events_from_its_start_up_to_its_end()
    {
        await using var context = await AppTestContext.StartAsync(new ClickApp(Window.Tumbling(10 * Second), id: "tumbling"));
        var app = (ClickApp)context.App;
        foreach (var seconds in new[] { 0, 9.999, 10, 19.999, 20 })
        {
            await Events.ClickAsync(context, app, "home", seconds);
        }

        Assert.Equal(2, app.Counts["home"].Value(Range(0, 10)));
        Assert.Equal(2, app.Counts["home"].Value(Range(10, 20)));
        Assert.Equal(1, app.Counts["home"].At(Events.At(25)));
        Assert.Equal(0, app.Counts["home"].At(Events.At(30)));
        Assert.Equal(0, app.Counts["away"].Value(Range(0, 10)));

        // The agent read each click's own window, and the window a size before it.
        Assert.Equal([(1L, 0L), (2L, 0L), (1L, 2L), (2L, 2L), (1L, 2L)], app.Seen.Select(s => (s.Current, s.Before)));

        // The changelog holds every write, keyed by page and window, on the partition of the click.
        var changelog = Events.Changelog(context, app.Counts.Changelog);
        Assert.Equal(5, changelog.Count);
        Assert.Equal((new Windowed<string>("home", Range(10, 20)), 2L), changelog[3]);
    }

    [Fact]
    public async Task A_hopping_event_is_counted_in_every_window_it_falls_into_and_reads_the_latest()
    {
        await using var context = await AppTestContext.StartAsync(new ClickApp(Window.Hopping(10 * Second, 5 * Second), id: "hopping"));
        var app = (ClickApp)context.App;
        await Events.ClickAsync(context, app, "home", 6);
        await Events.ClickAsync(context, app, "home", 12);

        Assert.Equal(1, app.Counts["home"].Value(Range(0, 10)));
        Assert.Equal(2, app.Counts["home"].Value(Range(5, 15)));
        Assert.Equal(1, app.Counts["home"].Value(Range(10, 20)));

        // At 12 the current window is [10, 20) (1 click); 10 s before, at 2, it was [0, 10) (1 click).
        Assert.Equal((1L, 1L), (app.Seen.Last().Current, app.Seen.Last().Before));
        Assert.Equal(4, Events.Changelog(context, app.Counts.Changelog).Count);
    }

    [Fact]
    public async Task A_sliding_window_around_a_time_counts_the_events_within_its_size_on_either_side()
    {
        await using var context = await AppTestContext.StartAsync(new ClickApp(Window.Sliding(10 * Second, Second), id: "sliding"));
        var app = (ClickApp)context.App;
        foreach (var seconds in new[] { 0, 5, 12 })
        {
            await Events.ClickAsync(context, app, "home", seconds);
        }

        // Around 5: [-5, 15) holds all three. Around 0: [-10, 10) holds 0 and 5. Around 12: [2, 22) holds 5 and 12.
        Assert.Equal(3, app.Counts["home"].At(Events.At(5)));
        Assert.Equal(2, app.Counts["home"].At(Events.At(0)));
        Assert.Equal(2, app.Counts["home"].At(Events.At(12)));

        // A window's edge: around 10 ([0, 20)) all three; around 22 ([12, 32)) only 12; around 23 ([13, 33)) none.
        Assert.Equal(3, app.Counts["home"].At(Events.At(10)));
        Assert.Equal(1, app.Counts["home"].At(Events.At(22)));
        Assert.Equal(0, app.Counts["home"].At(Events.At(23)));

        // When the agent processed 12, the window around it had the clicks at 5 and 12 (the one at 0 is 12 s away).
        Assert.Equal(2, app.Seen.Last().Current);
    }

    [Fact]
    public async Task Windows_close_when_their_partition_moves_past_their_expiry_and_late_events_are_then_dropped_and_counted()
    {
        using var late = new CounterReader("faustgen.table.late_events");
        await using var context = await AppTestContext.StartAsync(new ClickApp(Window.Tumbling(10 * Second, 20 * Second), id: "expiry"));
        var app = (ClickApp)context.App;
        await Events.ClickAsync(context, app, "home", 0);
        await Events.ClickAsync(context, app, "home", 5);
        await Events.ClickAsync(context, app, "home", 15);
        Assert.Empty(app.Closed);

        // 20 is 20 s after [0, 10) began: it closes with its final count before the click is written.
        await Events.ClickAsync(context, app, "home", 20);
        Assert.Equal([("home", Range(0, 10), 2L)], app.Closed);
        Assert.Equal(0, app.Counts["home"].Value(Range(0, 10)));

        // A click at 8 is late (its window closed) and dropped; one at 12 is late too, but its window is open: it counts.
        await Events.ClickAsync(context, app, "home", 8);
        await Events.ClickAsync(context, app, "home", 12);
        Assert.Equal(0, app.Counts["home"].Value(Range(0, 10)));
        Assert.Equal(2, app.Counts["home"].Value(Range(10, 20)));
        Assert.Equal(1, app.Counts.LateEvents);
        Assert.Equal(1, late.Total("expiry", "counts"));

        // The other partition keeps its own time: at 5 there, its window is open.
        await Events.ClickAsync(context, app, "home", 5, partition: 1);
        Assert.Equal(1, app.Counts.LateEvents);

        await Events.ClickAsync(context, app, "home", 31);
        Assert.Equal([("home", Range(0, 10), 2L), ("home", Range(10, 20), 2L)], app.Closed);

        // Closed windows are deleted from the changelog with tombstones; it deletes what is a day past the expiry.
        var changelog = Events.Changelog(context, app.Counts.Changelog);
        Assert.Contains((new Windowed<string>("home", Range(0, 10)), 0L), changelog);
        Assert.Equal(2, changelog.Count(r => r.Value == 0));
        Assert.True(app.Counts.Changelog.Options is { Compacted: true, Deleting: true });
        Assert.Equal(TimeSpan.FromSeconds(20) + TimeSpan.FromDays(1), app.Counts.Changelog.Options.Retention);
    }

    [Fact]
    public async Task A_table_relative_to_now_files_events_under_its_clock_and_reads_now_anywhere()
    {
        var clock = new ManualClock(Events.At(100));
        await using var context = await AppTestContext.StartAsync(new ClickApp(Window.Tumbling(10 * Second, 10 * Second), WindowTime.Now, clock, id: "now"));
        var app = (ClickApp)context.App;

        // The messages' timestamps (0 and 1000) are ignored: both are filed under the clock's 100.
        await Events.ClickAsync(context, app, "home", 0);
        await Events.ClickAsync(context, app, "home", 1000);
        Assert.Equal(2, app.Counts["home"].Value(Range(100, 110)));
        Assert.Equal(2, app.Counts["home"].Now());
        Assert.Equal(2, app.Counts["home"].Current());

        clock.Set(Events.At(115));
        Assert.Equal(0, app.Counts["home"].Now());
        Assert.Equal(2, app.Counts["home"].Delta(10 * Second));
        await Events.ClickAsync(context, app, "home", 0);
        Assert.Equal([("home", Range(100, 110), 2L)], app.Closed);
    }

    [Fact]
    public async Task A_table_relative_to_a_field_files_events_under_it_and_its_current_window_needs_an_event()
    {
        await using var context = await AppTestContext.StartAsync(
            new ClickApp(Window.Tumbling(10 * Second), WindowTime.Field<Click>(c => c.At), id: "field"));
        var app = (ClickApp)context.App;

        // Timestamps say 500; the clicks say 3 and 14.
        await Events.PutAsync(context, app.Clicks, new Click("home", Events.At(3)), Events.At(500));
        await Events.PutAsync(context, app.Clicks, new Click("home", Events.At(14)), Events.At(500));
        Assert.Equal(1, app.Counts["home"].Value(Range(0, 10)));
        Assert.Equal(1, app.Counts["home"].Value(Range(10, 20)));
        Assert.Equal(0, app.Counts["home"].At(Events.At(500)));
        Assert.Equal(1, app.Seen.Last().Before);

        var error = Assert.Throws<InvalidOperationException>(() => app.Counts["home"].Current());
        Assert.Contains("field of Click", error.Message, StringComparison.Ordinal);
        Assert.Contains("can only be changed while an agent processes an event", Assert.Throws<InvalidOperationException>(() => app.Counts.Update("home", c => c + 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_worker_recovers_its_windows_from_the_changelog_and_closes_them_on_time()
    {
        var window = Window.Tumbling(10 * Second, 20 * Second);
        var first = new ClickApp(window, id: "restart");
        await using (var context = await AppTestContext.StartAsync(first))
        {
            await Events.ClickAsync(context, first, "home", 1);
            await Events.ClickAsync(context, first, "home", 2);
            await Events.ClickAsync(context, first, "home", 11);
        }

        // AppTestContext gives each app a broker of its own: the second worker is pointed at the first one's.
        var second = new ClickApp(window, id: "restart");
        second.Settings.Broker = first.Settings.Broker;
        await second.StartAsync();
        try
        {
            await Wait.UntilAsync(() => second.Recovery.IsComplete && second.Assignment.Count(tp => tp.Topic == "clicks") == 2, "the restarted worker has rebuilt its tables");
            Assert.Equal(2, second.Counts["home"].Value(Range(0, 10)));
            Assert.Equal(1, second.Counts["home"].Value(Range(10, 20)));

            // Its time starts from the latest window it holds ([10, 20)); a click at 25 closes [0, 10) with its recovered count.
            Events.Append(MemoryBroker.Get(first.Settings.Broker["memory://".Length..]), second.Clicks, new Click("home", Events.At(25)), Events.At(25));
            await Wait.UntilAsync(() => !second.Closed.IsEmpty, "the first window closes");
            Assert.Equal([("home", Range(0, 10), 2L)], second.Closed);
            Assert.Equal(1, second.Counts["home"].Value(Range(20, 30)));
        }
        finally
        {
            await second.StopAsync();
        }
    }

    private static WindowRange Range(double start, double end) => new(Events.At(start), Events.At(end));
}
