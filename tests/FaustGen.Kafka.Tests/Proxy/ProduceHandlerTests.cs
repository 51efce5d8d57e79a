using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>Produce v8 frames: transactional writes recorded, fenced producers refused, log starts pruning.</summary>
public sealed class ProduceHandlerTests
{
    /// <summary>Produce v8 by transactional id "x": one batch of two records of producer 7 for partition 0 of "t".</summary>
    private static readonly byte[] Request = Sized(
    [
        0, 0, 0, 8,                 // api key 0 (Produce), version 8
        0, 0, 0, 1,                 // correlation id 1
        0, 1, (byte)'c',            // client id "c"
        0, 1, (byte)'x',            // transactional_id "x"
        255, 255,                   // acks -1
        0, 0, 0x75, 0x30,           // timeout_ms 30000
        0, 0, 0, 1,                 // topic_data: 1
        0, 1, (byte)'t',            // name "t"
        0, 0, 0, 1,                 // partition_data: 1
        0, 0, 0, 0,                 // index 0
        0, 0, 0, 61,                // records: 61 bytes
        .. Batch(baseOffset: 0, lastOffsetDelta: 1, producerId: 7, transactional: true),
    ]);

    /// <summary>The broker wrote the batch at offset 10; the partition's log starts at 3.</summary>
    private static readonly byte[] Response = Sized(
    [
        0, 0, 0, 1,                 // correlation id 1
        0, 0, 0, 1,                 // responses: 1
        0, 1, (byte)'t',            // name "t"
        0, 0, 0, 1,                 // partition_responses: 1
        0, 0, 0, 0,                 // index 0
        0, 0,                       // error_code 0
        0, 0, 0, 0, 0, 0, 0, 10,    // base_offset 10
        255, 255, 255, 255, 255, 255, 255, 255, // log_append_time_ms -1
        0, 0, 0, 0, 0, 0, 0, 3,     // log_start_offset 3
        0, 0, 0, 0,                 // record_errors: 0
        255, 255,                   // error_message null
        0, 0, 0, 0,                 // throttle_time_ms
    ]);

    [Fact]
    public void The_offsets_a_transaction_wrote_hold_the_last_stable_offset_back()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);

        var interception = Interceptor(ledger).Read(Request);

        Assert.Same(Request, interception.Forward);
        Assert.Same(Response, Respond(interception, Response).Frame);
        Assert.Equal(10, ledger.StableOffset("t", 0, 12));
        ledger.Ended(7, committed: false);
        Assert.Equal([(7L, 10L)], ledger.AbortedFrom("t", 0, 11));
    }

    [Fact]
    public void A_retried_batch_the_broker_had_written_already_leaves_the_transaction_s_range_as_it_was()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.Written(7, "t", 0, 4, 11);

        // The answer to the first try was lost with the connection; the broker acknowledges the retry without an offset.
        var duplicate = (byte[])Response.Clone();
        Array.Fill(duplicate, (byte)255, 25, 8);
        Respond(Interceptor(ledger).Read(Request), duplicate);

        Assert.Equal(4, ledger.StableOffset("t", 0, 20));
        ledger.Ended(7, committed: false);
        Assert.Equal([(7L, 4L)], ledger.AbortedFrom("t", 0, 11));
    }

    [Fact]
    public void Aborted_transactions_that_end_before_the_log_start_are_forgotten()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "y", 6);
        ledger.Written(6, "t", 0, 0, 2);
        Open(ledger, "z", 5);
        ledger.Written(5, "t", 0, 3, 3);
        ledger.Ended(6, committed: false);
        ledger.Ended(5, committed: false);
        Open(ledger, "x", 7);

        Respond(Interceptor(ledger).Read(Request), Response);

        Assert.Equal(1, ledger.AbortedCount("t", 0));
        Assert.Equal([(5L, 3L)], ledger.AbortedFrom("t", 0, 0));
    }

    [Fact]
    public void A_fenced_producer_s_batches_are_refused_with_invalid_producer_epoch()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.Initialised("x", 8, 60_000, () => Task.CompletedTask);

        var interception = Interceptor(ledger).Read(Request);

        byte[] refusal = Sized(
        [
            0, 0, 0, 1, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1, 0, 0, 0, 0,
            0, 47,                  // INVALID_PRODUCER_EPOCH
            255, 255, 255, 255, 255, 255, 255, 255, // base_offset -1
            255, 255, 255, 255, 255, 255, 255, 255, // log_append_time_ms -1
            255, 255, 255, 255, 255, 255, 255, 255, // log_start_offset -1
            0, 0, 0, 0, 255, 255,   // no record errors, no message
            0, 0, 0, 0,             // throttle_time_ms
        ]);
        Assert.Equal(refusal, interception.Answer);
    }

    [Fact]
    public void A_produce_request_without_a_transactional_id_passes_unread()
    {
        using var ledger = new TransactionLedger();
        byte[] request = Sized(
        [
            0, 0, 0, 8, 0, 0, 0, 1, 0, 1, (byte)'c',
            255, 255,                   // transactional_id null
            255, 255, 0, 0, 0x75, 0x30, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1, 0, 0, 0, 0,
            0, 0, 0, 61,
            .. Batch(baseOffset: 0, lastOffsetDelta: 1, producerId: 7, transactional: false),
        ]);

        var interception = Interceptor(ledger).Read(request);

        Assert.Same(request, interception.Forward);
        Assert.Null(interception.Response);
    }
}
