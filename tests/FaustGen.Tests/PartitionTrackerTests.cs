using FaustGen.Processing;
using FaustGen.Transport;

namespace FaustGen.Tests;

public sealed class PartitionTrackerTests
{
    private static ConsumedRecord[] Records(params long[] offsets) =>
        [.. offsets.Select(o => new ConsumedRecord("t", 0, o, DateTimeOffset.UnixEpoch, null, null, null))];

    [Fact]
    public void Nothing_is_committable_before_an_event_is_acknowledged()
    {
        var tracker = new PartitionTracker();
        tracker.Register(Records(0, 1, 2), receivers: 1);
        Assert.Equal(-1, tracker.Committable);
        Assert.Equal(3, tracker.Outstanding);
    }

    [Fact]
    public void In_order_acknowledgements_advance_the_committable_offset()
    {
        var tracker = new PartitionTracker();
        var first = tracker.Register(Records(0, 1, 2), receivers: 1);
        tracker.Ack(first);
        Assert.Equal(1, tracker.Committable);
        tracker.Ack(first + 1);
        tracker.Ack(first + 2);
        Assert.Equal(3, tracker.Committable);
        Assert.Equal(0, tracker.Outstanding);
    }

    [Fact]
    public void Out_of_order_completion_never_commits_past_an_unfinished_event()
    {
        var tracker = new PartitionTracker();
        var first = tracker.Register(Records(10, 11, 12, 13), receivers: 1);
        tracker.Ack(first + 3);
        tracker.Ack(first + 1);
        Assert.Equal(-1, tracker.Committable);
        tracker.Ack(first);
        Assert.Equal(12, tracker.Committable);
        tracker.Ack(first + 2);
        Assert.Equal(14, tracker.Committable);
    }

    [Fact]
    public void Gaps_in_offsets_do_not_stall_commits()
    {
        // Transaction markers and compaction leave holes: the committable offset follows delivered offsets.
        var tracker = new PartitionTracker();
        var first = tracker.Register(Records(3, 7, 20), receivers: 1);
        tracker.Ack(first);
        tracker.Ack(first + 1);
        Assert.Equal(8, tracker.Committable);
        tracker.Ack(first + 2);
        Assert.Equal(21, tracker.Committable);
    }

    [Fact]
    public void An_event_delivered_to_several_agents_waits_for_all_of_them()
    {
        var tracker = new PartitionTracker();
        var first = tracker.Register(Records(0), receivers: 2);
        tracker.Ack(first);
        Assert.Equal(-1, tracker.Committable);
        tracker.Ack(first);
        Assert.Equal(1, tracker.Committable);
    }

    [Fact]
    public void Events_nobody_subscribes_to_are_committable_at_once()
    {
        var tracker = new PartitionTracker();
        tracker.Register(Records(5, 6), receivers: 0);
        Assert.Equal(7, tracker.Committable);
    }

    [Fact]
    public void The_ring_grows_past_its_initial_capacity_and_keeps_order()
    {
        var tracker = new PartitionTracker();
        var offsets = Enumerable.Range(0, 1000).Select(i => (long)i * 2).ToArray();
        var first = tracker.Register(Records(offsets[..300]), receivers: 1);
        tracker.Ack(first);
        var second = tracker.Register(Records(offsets[300..]), receivers: 1);
        Assert.Equal(first + 300, second);
        for (var s = second + 699; s > first; s--)
        {
            tracker.Ack(s);
        }

        Assert.Equal(offsets[^1] + 1, tracker.Committable);
    }

    [Fact]
    public void Acknowledgements_after_close_are_ignored()
    {
        var tracker = new PartitionTracker();
        var first = tracker.Register(Records(0), receivers: 1);
        tracker.Close();
        tracker.Ack(first);
        Assert.Equal(-1, tracker.Committable);
        Assert.True(tracker.IsClosed);
    }
}
