using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>OffsetFetch frames: v7's require_stable answered from pending transactions, v7 passed on as v6, and
/// offsets committed in transactions returned.</summary>
public sealed class OffsetFetchHandlerTests
{
    /// <summary>OffsetFetch v7 of group "g", partition 0 of "t".</summary>
    private static byte[] RequestV7(byte requireStable) => Sized(
    [
        0, 9, 0, 7,                 // api key 9 (OffsetFetch), version 7
        0, 0, 0, 3,                 // correlation id 3
        0, 1, (byte)'c',            // client id "c"
        0,                          // header tagged fields
        2, (byte)'g',               // group_id "g"
        2,                          // topics: 1
        2, (byte)'t',               // name "t"
        2,                          // partition_indexes: 1
        0, 0, 0, 0,                 // 0
        0,                          // topic tagged fields
        requireStable,              // require_stable
        0,                          // tagged fields
    ]);

    /// <summary><see cref="RequestV7"/> as v6: the same fields without require_stable.</summary>
    private static readonly byte[] RequestV6 = Sized(
    [
        0, 9, 0, 6, 0, 0, 0, 3, 0, 1, (byte)'c', 0,
        2, (byte)'g', 2, 2, (byte)'t', 2, 0, 0, 0, 0, 0,
        0,
    ]);

    /// <summary>The broker's response (v6 and v7 are the same): offset 2 committed for the partition.</summary>
    private static readonly byte[] ResponseV6 = Sized(
    [
        0, 0, 0, 3,                 // correlation id 3
        0,                          // response header tagged fields
        0, 0, 0, 0,                 // throttle_time_ms
        2,                          // topics: 1
        2, (byte)'t',               // name "t"
        2,                          // partitions: 1
        0, 0, 0, 0,                 // partition_index 0
        0, 0, 0, 0, 0, 0, 0, 2,     // committed_offset 2
        0, 0, 0, 0,                 // committed_leader_epoch 0
        1,                          // metadata ""
        0, 0,                       // error_code 0
        0,                          // partition tagged fields
        0,                          // topic tagged fields
        0, 0,                       // error_code 0
        0,                          // tagged fields
    ]);

    [Fact]
    public void A_v7_request_reaches_the_broker_as_v6()
    {
        using var ledger = new TransactionLedger();

        var interception = Interceptor(ledger).Read(RequestV7(1));

        Assert.Equal(RequestV6, interception.Forward);
    }

    [Fact]
    public void A_partition_with_a_pending_transactional_offset_is_unstable_for_a_request_that_requires_stable_offsets()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);

        var interception = Interceptor(ledger).Read(RequestV7(1));

        byte[] unstable = Sized(
        [
            0, 0, 0, 3, 0, 0, 0, 0, 0, 2, 2, (byte)'t', 2, 0, 0, 0, 0,
            255, 255, 255, 255, 255, 255, 255, 255, // committed_offset -1
            255, 255, 255, 255,     // committed_leader_epoch -1
            1,                      // metadata ""
            0, 88,                  // UNSTABLE_OFFSET_COMMIT
            0, 0, 0, 0, 0,
        ]);
        Assert.Equal(unstable, Respond(interception, ResponseV6).Frame);
    }

    [Fact]
    public void A_request_that_does_not_require_stable_offsets_gets_the_committed_offset_while_a_transaction_is_pending()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);

        var interception = Interceptor(ledger).Read(RequestV7(0));

        Assert.Equal(ResponseV6, Respond(interception, ResponseV6).Frame);
    }

    [Fact]
    public void The_offset_a_committed_transaction_gave_the_group_is_returned()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);
        ledger.Ended(7, committed: true);

        var interception = Interceptor(ledger).Read(RequestV7(1));

        byte[] committed = [.. ResponseV6];
        committed[28] = 5; // the last byte of committed_offset
        Assert.Equal(committed, Respond(interception, ResponseV6).Frame);
    }

    [Fact]
    public void A_non_flexible_v5_response_gets_the_transactional_offset()
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);
        ledger.Ended(7, committed: true);
        byte[] request = Sized(
        [
            0, 9, 0, 5, 0, 0, 0, 4, 0, 1, (byte)'c',
            0, 1, (byte)'g',            // group_id "g"
            0, 0, 0, 1,                 // topics: 1
            0, 1, (byte)'t',            // name "t"
            0, 0, 0, 1, 0, 0, 0, 0,     // partition_indexes: [0]
        ]);
        byte[] response(byte offset) => Sized(
        [
            0, 0, 0, 4,                 // correlation id 4
            0, 0, 0, 0,                 // throttle_time_ms
            0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1,
            0, 0, 0, 0,                 // partition_index 0
            0, 0, 0, 0, 0, 0, 0, offset, // committed_offset
            255, 255, 255, 255,         // committed_leader_epoch -1
            0, 0,                       // metadata ""
            0, 0,                       // error_code
            0, 0,                       // error_code
        ]);

        var interception = Interceptor(ledger).Read(request);

        Assert.Same(request, interception.Forward);
        Assert.Equal(response(5), Respond(interception, response(2)).Frame);
    }
}
