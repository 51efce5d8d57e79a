namespace FaustGen.TableKinds.Tests;

/// <summary>Which windows a point of time falls into, which one it reads, and when windows expire.</summary>
public sealed class WindowTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Tumbling_windows_include_their_start_and_exclude_their_end()
    {
        var window = Window.Tumbling(10 * Second);

        Assert.Equal([Range(0, 10)], window.Ranges(Events.At(0)));
        Assert.Equal([Range(0, 10)], window.Ranges(Events.At(9.999)));
        Assert.Equal([Range(10, 20)], window.Ranges(Events.At(10)));
        Assert.Equal(Range(-10, 0), window.Current(Events.At(-0.001)));
        Assert.True(Range(0, 10).Contains(Events.At(0)));
        Assert.False(Range(0, 10).Contains(Events.At(10)));

        // Before the Unix epoch windows are still aligned to it.
        var early = window.Current(DateTimeOffset.FromUnixTimeMilliseconds(-1));
        Assert.Equal((-10_000L, 0L), (early.Start.ToUnixTimeMilliseconds(), early.End.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void A_hopping_event_falls_into_size_over_step_windows_and_reads_the_latest()
    {
        var window = Window.Hopping(10 * Second, 5 * Second);

        Assert.Equal([Range(0, 10), Range(5, 15)], window.Ranges(Events.At(6)));
        Assert.Equal([Range(0, 10), Range(5, 15)], window.Ranges(Events.At(5)));
        Assert.Equal([Range(5, 15), Range(10, 20)], window.Ranges(Events.At(10)));
        Assert.Equal(Range(5, 15), window.Current(Events.At(6)));

        // A step that does not divide the size: three or four windows.
        var uneven = Window.Hopping(10 * Second, 3 * Second);
        Assert.Equal([Range(3, 13), Range(6, 16), Range(9, 19)], uneven.Ranges(Events.At(10)));
        Assert.Equal([Range(0, 10), Range(3, 13), Range(6, 16), Range(9, 19)], uneven.Ranges(Events.At(9)));
    }

    [Fact]
    public void Sliding_windows_are_centred_on_the_steps_and_reach_the_size_both_ways()
    {
        var window = Window.Sliding(10 * Second, Second);

        // Centres within 10 s of 20 (11 to 30): the window around 30 is [20, 40) and still holds 20; the one around 10 does not.
        var ranges = window.Ranges(Events.At(20));
        Assert.Equal(20, ranges.Count);
        Assert.Equal(Range(1, 21), ranges[0]);
        Assert.Equal(Range(20, 40), ranges[^1]);
        Assert.Equal(20 * Second, window.Length);

        // The window read is the one centred nearest the time.
        Assert.Equal(Range(10, 30), window.Current(Events.At(20)));
        Assert.Equal(Range(10, 30), window.Current(Events.At(20.4)));
        Assert.Equal(Range(11, 31), window.Current(Events.At(20.6)));

        // The step is one second unless the size is smaller.
        Assert.Equal(Second, Window.Sliding(10 * Second).Step);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Window.Sliding(TimeSpan.FromMilliseconds(500)).Step);
    }

    [Fact]
    public void Windows_expire_their_expiry_after_their_start_or_never()
    {
        var window = Window.Tumbling(10 * Second, 30 * Second);

        Assert.False(window.IsExpired(Range(0, 10), Events.At(29.999)));
        Assert.True(window.IsExpired(Range(0, 10), Events.At(30)));
        Assert.False(Window.Tumbling(10 * Second).IsExpired(Range(0, 10), Events.At(1_000_000)));
    }

    [Fact]
    public void Windows_that_cannot_be_kept_are_refused()
    {
        Assert.Contains("1 or more", Assert.Throws<ArgumentOutOfRangeException>(() => Window.Tumbling(TimeSpan.Zero)).Message, StringComparison.Ordinal);
        Assert.Contains("whole number of milliseconds", Assert.Throws<ArgumentOutOfRangeException>(() => Window.Tumbling(TimeSpan.FromTicks(15_000))).Message, StringComparison.Ordinal);
        Assert.Contains("must not exceed the size", Assert.Throws<ArgumentException>(() => Window.Hopping(10 * Second, 11 * Second)).Message, StringComparison.Ordinal);
        Assert.Contains("10000 windows", Assert.Throws<ArgumentException>(() => Window.Hopping(10 * Second, TimeSpan.FromMilliseconds(1))).Message, StringComparison.Ordinal);
        Assert.Contains("keep them at least 10 s", Assert.Throws<ArgumentException>(() => Window.Tumbling(10 * Second, 5 * Second)).Message, StringComparison.Ordinal);
        Assert.Contains("keep them at least 20 s", Assert.Throws<ArgumentException>(() => Window.Sliding(10 * Second, expires: 15 * Second)).Message, StringComparison.Ordinal);
        Assert.Contains("1200 windows", Assert.Throws<ArgumentException>(() => Window.Sliding(TimeSpan.FromMinutes(10))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_close_handler_of_windows_that_never_expire_is_refused()
    {
        var error = Assert.Throws<FaustConfigurationException>(() => new NeverClosingApp());
        Assert.Contains("never expire", error.Message, StringComparison.Ordinal);
    }

    private static WindowRange Range(double start, double end) => new(Events.At(start), Events.At(end));
}

/// <summary>An app whose windowed table has a close handler and no expiry.</summary>
internal sealed class NeverClosingApp : App
{
    protected override void Define(AppDefinition definition) =>
        definition.WindowedTable<string, long>("counts", Window.Tumbling(TimeSpan.FromSeconds(10)), new WindowedTableOptions<string, long>
        {
            OnWindowClose = (_, _, _) => { },
        });
}
