using FaustGen.Kafka.Embedded.Proxy;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>The ledger's state stays bounded, and transactions time out as with Kafka.</summary>
public sealed class TransactionLedgerTests
{
    [Fact]
    public void A_transactional_id_initialised_again_and_again_keeps_one_producer_and_fences_every_earlier_one()
    {
        using var ledger = new TransactionLedger();

        for (var producerId = 1L; producerId <= 100; producerId++)
        {
            ledger.Initialised("x", producerId, 60_000, () => Task.CompletedTask);
        }

        Assert.Equal(1, ledger.ProducerCount);
        Assert.All(Enumerable.Range(1, 99), p => Assert.True(ledger.IsFenced("x", p)));
        Assert.False(ledger.IsFenced("x", 100));
        Assert.False(ledger.IsFenced("other", 1));
    }

    [Fact]
    public void Aborted_transactions_are_kept_until_the_log_starts_past_their_end()
    {
        using var ledger = new TransactionLedger();
        for (var producerId = 1L; producerId <= 3; producerId++)
        {
            ProxyFrames.Open(ledger, "x" + producerId, producerId);
            ledger.Written(producerId, "t", 0, producerId * 10, (producerId * 10) + 5);
            ledger.Ended(producerId, committed: false);
        }

        ledger.LogStarts("t", 0, 25);
        Assert.Equal([(2L, 20L), (3L, 30L)], ledger.AbortedFrom("t", 0, 0));

        ledger.LogStarts("t", 0, 36);
        Assert.Equal(0, ledger.AbortedCount("t", 0));
        Assert.Empty(ledger.AbortedFrom("t", 0, 0));
    }

    [Fact]
    public void A_transaction_open_past_its_timeout_is_aborted_on_the_broker_and_its_producer_fenced()
    {
        var time = new ManualTime();
        var aborts = new List<long>();
        using var ledger = OpenFor1000Ms(time, aborts);
        ledger.Written(7, "t", 0, 4, 6);
        ledger.OffsetsAdded(7, "g", [("t", 0, 9)]);

        time.Advance(TimeSpan.FromMilliseconds(999));
        ledger.Expire();
        Assert.False(ledger.IsFenced("x", 7));
        Assert.Equal(4, ledger.StableOffset("t", 0, 10));

        time.Advance(TimeSpan.FromMilliseconds(2));
        ledger.Expire();
        Assert.True(ledger.IsFenced("x", 7));
        Assert.Single(aborts);
        Assert.Equal(10, ledger.StableOffset("t", 0, 10));
        Assert.Equal([(7L, 4L)], ledger.AbortedFrom("t", 0, 0));
        Assert.False(ledger.IsPending("g", "t", 0));

        ledger.Expire();
        Assert.Single(aborts);
    }

    [Fact]
    public void An_EndTxn_with_the_broker_holds_the_timeout_off_unless_it_goes_unanswered_for_a_whole_timeout()
    {
        var time = new ManualTime();
        var aborts = new List<long>();
        using var ledger = OpenFor1000Ms(time, aborts);
        time.Advance(TimeSpan.FromMilliseconds(900));
        ledger.Ending(7);

        time.Advance(TimeSpan.FromMilliseconds(900));
        ledger.Expire();
        Assert.False(ledger.IsFenced("x", 7));

        time.Advance(TimeSpan.FromMilliseconds(200));
        ledger.Expire();
        Assert.True(ledger.IsFenced("x", 7));
        Assert.Single(aborts);
    }

    /// <summary>A ledger with a transaction of producer 7 open for at most 1000 ms; the aborts it has the broker make
    /// are added to <paramref name="aborts"/>.</summary>
    private static TransactionLedger OpenFor1000Ms(ManualTime time, List<long> aborts)
    {
        var ledger = new TransactionLedger(time);
        ledger.Initialised("x", 7, 1000, () =>
        {
            aborts.Add(7);
            return Task.CompletedTask;
        });
        ledger.Began(7);
        return ledger;
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
    }
}
