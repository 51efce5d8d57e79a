using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn and EndTxn v1 frames.</summary>
public sealed class TransactionCoordinatorHandlerTests
{
    private static readonly byte[] AddPartitions = AddPartitionsBy(7);

    private static byte[] AddPartitionsBy(byte producerId) => Sized(
    [
        0, 24, 0, 1,                // api key 24 (AddPartitionsToTxn), version 1
        0, 0, 0, 5,                 // correlation id 5
        0, 1, (byte)'c',            // client id "c"
        0, 1, (byte)'x',            // transactional_id "x"
        0, 0, 0, 0, 0, 0, 0, producerId, // producer_id
        0, 0,                       // producer_epoch 0
        0, 0, 0, 1,                 // topics: 1
        0, 1, (byte)'t',            // name "t"
        0, 0, 0, 1, 0, 0, 0, 0,     // partitions: [0]
    ]);

    private static byte[] AddPartitionsResponse(byte error) => Sized(
    [
        0, 0, 0, 5,                 // correlation id 5
        0, 0, 0, 0,                 // throttle_time_ms
        0, 0, 0, 1, 0, 1, (byte)'t', // results: topic "t"
        0, 0, 0, 1, 0, 0, 0, 0,     // results: partition 0
        0, error,                   // error_code
    ]);

    private static readonly byte[] AddOffsets = Sized(
    [
        0, 25, 0, 1, 0, 0, 0, 6, 0, 1, (byte)'c',
        0, 1, (byte)'x', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0,
        0, 1, (byte)'g',            // group_id "g"
    ]);

    private static readonly byte[] EndTxnCommit = Sized(
    [
        0, 26, 0, 1, 0, 0, 0, 8, 0, 1, (byte)'c',
        0, 1, (byte)'x', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0,
        1,                          // committed: true
    ]);

    /// <summary>A response made of throttle_time_ms and error_code.</summary>
    private static byte[] ErrorResponse(byte correlationId, byte error) => Sized([0, 0, 0, correlationId, 0, 0, 0, 0, 0, error]);

    private static readonly byte[] InitProducerId = Sized(
    [
        0, 22, 0, 1, 0, 0, 0, 4, 0, 1, (byte)'c',
        0, 1, (byte)'x',            // transactional_id "x"
        0, 0, 0xEA, 0x60,           // transaction_timeout_ms 60000
    ]);

    private static byte[] InitProducerIdResponse(byte producerId, byte epoch) => Sized(
    [
        0, 0, 0, 4, 0, 0, 0, 0,
        0, 0,                       // error_code
        0, 0, 0, 0, 0, 0, 0, producerId, // producer_id
        0, epoch,                   // producer_epoch
    ]);

    [Fact]
    public void InitProducerId_fences_the_previous_producer_of_the_id_and_has_the_broker_abort_its_transaction_first()
    {
        using var ledger = new TransactionLedger();
        var aborts = new List<(string, long, short)>();
        var interceptor = Interceptor(ledger, aborts: aborts);
        Respond(interceptor.Read(InitProducerId), InitProducerIdResponse(7, 0));
        Respond(interceptor.Read(AddPartitions), AddPartitionsResponse(0));
        var response = InitProducerIdResponse(8, 3);

        var reply = Respond(interceptor.Read(InitProducerId), response);

        Assert.Same(response, reply.Frame);
        Assert.True(ledger.IsFenced("x", 7));
        Assert.False(ledger.IsFenced("x", 8));
        Assert.Equal([("x", 7L, (short)0)], aborts);
        Assert.Equal(1, ledger.ProducerCount);

        // A producer without an open transaction is fenced without an abort.
        Respond(interceptor.Read(InitProducerId), InitProducerIdResponse(9, 0));
        Assert.True(ledger.IsFenced("x", 8));
        Assert.Single(aborts);
    }

    [Theory]
    [InlineData((byte)0, 5L, 0)] // the broker committed: the offsets are the group's, nothing to abort
    [InlineData((byte)51, null, 1)] // CONCURRENT_TRANSACTIONS: still open, so aborted as the new producer is fenced in
    public async Task A_new_producer_of_the_id_waits_for_the_EndTxn_the_broker_has_before_the_previous_one_is_fenced(byte error, long? committed, int abortsSent)
    {
        using var ledger = new TransactionLedger();
        var aborts = new List<(string, long, short)>();
        var interceptor = Interceptor(ledger, aborts: aborts);
        Respond(interceptor.Read(InitProducerId), InitProducerIdResponse(7, 0));
        Respond(interceptor.Read(AddOffsets), ErrorResponse(6, 0));
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);
        var endTxn = interceptor.Read(EndTxnCommit);

        var initialised = Respond(interceptor.Read(InitProducerId), InitProducerIdResponse(8, 0));

        Assert.False(initialised.Before.IsCompleted);
        Assert.True(ledger.IsPending("g", "t", 0));
        Respond(endTxn, ErrorResponse(8, error));
        await initialised.Before.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(committed, ledger.CommittedOffset("g", "t", 0));
        Assert.False(ledger.IsPending("g", "t", 0));
        Assert.Equal(abortsSent, aborts.Count);
    }

    [Fact]
    public void A_partition_added_opens_the_transaction_and_a_refused_one_does_not()
    {
        using var ledger = new TransactionLedger();
        ledger.Initialised("x", 7, 60_000, () => Task.CompletedTask);
        var interceptor = Interceptor(ledger);

        Respond(interceptor.Read(AddPartitions), AddPartitionsResponse(51));
        ledger.Written(7, "t", 0, 3, 4);
        Assert.Equal(10, ledger.StableOffset("t", 0, 10));

        Respond(interceptor.Read(AddPartitions), AddPartitionsResponse(0));
        ledger.Written(7, "t", 0, 3, 4);
        Assert.Equal(3, ledger.StableOffset("t", 0, 10));
    }

    [Fact]
    public void A_fenced_producer_s_transactional_requests_are_answered_invalid_producer_epoch()
    {
        using var ledger = new TransactionLedger();
        ledger.Initialised("x", 7, 60_000, () => Task.CompletedTask);
        ledger.Initialised("x", 8, 60_000, () => Task.CompletedTask);
        var interceptor = Interceptor(ledger);

        Assert.Equal(AddPartitionsResponse(47), interceptor.Read(AddPartitions).Answer);
        Assert.Equal(ErrorResponse(6, 47), interceptor.Read(AddOffsets).Answer);
        Assert.Equal(ErrorResponse(8, 47), interceptor.Read(EndTxnCommit).Answer);
    }

    [Fact]
    public void EndTxn_commits_the_transaction_s_offsets_once_the_broker_has_committed()
    {
        using var ledger = new TransactionLedger();
        ledger.Initialised("x", 7, 60_000, () => Task.CompletedTask);
        var interceptor = Interceptor(ledger);
        Respond(interceptor.Read(AddOffsets), ErrorResponse(6, 0));
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);
        Assert.True(ledger.IsPending("g", "t", 0));

        var interception = interceptor.Read(EndTxnCommit);
        Assert.Null(ledger.CommittedOffset("g", "t", 0));
        Respond(interception, ErrorResponse(8, 0));

        Assert.Equal(5, ledger.CommittedOffset("g", "t", 0));
        Assert.False(ledger.IsPending("g", "t", 0));
    }

    [Fact]
    public void A_refused_EndTxn_leaves_the_transaction_open()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);

        Respond(Interceptor(ledger).Read(EndTxnCommit), ErrorResponse(8, 51));

        Assert.True(ledger.IsPending("g", "t", 0));
        Assert.Null(ledger.CommittedOffset("g", "t", 0));
    }
}
