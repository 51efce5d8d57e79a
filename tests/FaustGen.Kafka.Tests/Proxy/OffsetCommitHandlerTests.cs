using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>OffsetCommit v7 frames: a plain commit replaces the offset a transaction committed.</summary>
public sealed class OffsetCommitHandlerTests
{
    private static readonly byte[] Request = Sized(
    [
        0, 8, 0, 7,                 // api key 8 (OffsetCommit), version 7
        0, 0, 0, 7,                 // correlation id 7
        0, 1, (byte)'c',            // client id "c"
        0, 1, (byte)'g',            // group_id "g"
        0, 0, 0, 3,                 // generation_id 3
        0, 2, (byte)'m', (byte)'1', // member_id "m1"
        255, 255,                   // group_instance_id null
        0, 0, 0, 1, 0, 1, (byte)'t', // topics: "t"
        0, 0, 0, 1,                 // partitions: 1
        0, 0, 0, 0,                 // partition_index 0
        0, 0, 0, 0, 0, 0, 0, 9,     // committed_offset 9
        255, 255, 255, 255,         // committed_leader_epoch -1
        255, 255,                   // committed_metadata null
    ]);

    private static byte[] Response(byte error) => Sized(
    [
        0, 0, 0, 7,                 // correlation id 7
        0, 0, 0, 0,                 // throttle_time_ms
        0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1,
        0, 0, 0, 0,                 // partition_index 0
        0, error,                   // error_code
    ]);

    [Theory]
    [InlineData((byte)0, null)] // stored: the broker's offset is the group's now
    [InlineData((byte)27, 5L)] // REBALANCE_IN_PROGRESS: not stored, the transactional offset stands
    public void A_plain_commit_the_broker_stores_replaces_the_offset_a_transaction_committed(byte error, long? left)
    {
        using var ledger = new TransactionLedger();
        Open(ledger, "x", 7);
        ledger.OffsetsAdded(7, "g", [("t", 0, 5)]);
        ledger.Ended(7, committed: true);

        var interception = Interceptor(ledger).Read(Request);
        var response = Response(error);

        Assert.Same(Request, interception.Forward);
        Assert.Same(response, Respond(interception, response).Frame);
        Assert.Equal(left, ledger.CommittedOffset("g", "t", 0));
    }
}
