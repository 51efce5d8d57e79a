using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>TxnOffsetCommit v3 (flexible) frames: group metadata checked as a Kafka group coordinator checks it.</summary>
public sealed class TxnOffsetCommitHandlerTests
{
    /// <summary>TxnOffsetCommit v3 by producer 7 of "x" for group "g": generation 1, member "m1", the given instance id,
    /// offset 5 of partition 0 of "t".</summary>
    private static byte[] Request(params byte[] instanceId) => Sized(
    [
        0, 28, 0, 3,                // api key 28 (TxnOffsetCommit), version 3
        0, 0, 0, 9,                 // correlation id 9
        0, 1, (byte)'c',            // client id "c" (an int16 length in every header version)
        0,                          // header tagged fields: none
        2, (byte)'x',               // transactional_id "x" (compact string: length + 1)
        2, (byte)'g',               // group_id "g"
        0, 0, 0, 0, 0, 0, 0, 7,     // producer_id 7
        0, 0,                       // producer_epoch 0
        0, 0, 0, 1,                 // generation_id 1
        3, (byte)'m', (byte)'1',    // member_id "m1"
        .. instanceId,              // group_instance_id
        2,                          // topics: 1 (compact array: count + 1)
        2, (byte)'t',               // name "t"
        2,                          // partitions: 1
        0, 0, 0, 0,                 // partition_index 0
        0, 0, 0, 0, 0, 0, 0, 5,     // committed_offset 5
        255, 255, 255, 255,         // committed_leader_epoch -1
        1,                          // committed_metadata ""
        0,                          // partition tagged fields
        0,                          // topic tagged fields
        0,                          // tagged fields
    ]);

    private static readonly byte[] NoInstance = [0];

    /// <summary>The response to <see cref="Request"/> with <paramref name="error"/> for the partition.</summary>
    private static byte[] Response(short error) => Sized(
    [
        0, 0, 0, 9,                 // correlation id 9
        0,                          // response header v1 tagged fields
        0, 0, 0, 0,                 // throttle_time_ms
        2,                          // topics: 1
        2, (byte)'t',               // name "t"
        2,                          // partitions: 1
        0, 0, 0, 0,                 // partition_index 0
        (byte)(error >> 8), (byte)error, // error_code
        0,                          // partition tagged fields
        0,                          // topic tagged fields
        0,                          // tagged fields
    ]);

    [Fact]
    public void A_member_of_the_current_generation_commits_its_offsets_into_its_transaction()
    {
        using var ledger = new TransactionLedger();
        var groups = new GroupMembership();
        groups.Joined("g", 1, "m1", null, []);
        Open(ledger, "x", 7);
        var request = Request(NoInstance);

        var interception = Interceptor(ledger, groups).Read(request);

        Assert.Null(interception.Answer);
        Assert.Same(request, interception.Forward);
        var response = Response(0);
        Assert.Same(response, Respond(interception, response).Frame);
        Assert.True(ledger.IsPending("g", "t", 0));
        ledger.Ended(7, committed: true);
        Assert.Equal(5, ledger.CommittedOffset("g", "t", 0));
    }

    [Fact]
    public void Offsets_the_broker_refuses_do_not_become_pending()
    {
        using var ledger = new TransactionLedger();
        var groups = new GroupMembership();
        groups.Joined("g", 1, "m1", null, []);
        Open(ledger, "x", 7);

        var interception = Interceptor(ledger, groups).Read(Request(NoInstance));
        Respond(interception, Response(3));

        Assert.False(ledger.IsPending("g", "t", 0));
    }

    [Theory]
    [InlineData(2, "m1", null, 22)] // the group rebalanced into generation 2: ILLEGAL_GENERATION
    [InlineData(1, "m2", null, 25)] // m1 is not a member: UNKNOWN_MEMBER_ID
    [InlineData(1, "m2", "i", 82)] // instance "i" belongs to m2: FENCED_INSTANCE_ID
    public void A_stale_member_is_answered_by_the_proxy_with_the_error_and_its_offsets_never_reach_the_broker(int generation, string member, string? instance, short error)
    {
        using var ledger = new TransactionLedger();
        var groups = new GroupMembership();
        groups.Joined("g", generation, member, instance, []);
        Open(ledger, "x", 7);
        byte[] instanceId = instance is null ? NoInstance : [2, (byte)'i'];

        var interception = Interceptor(ledger, groups).Read(Request(instanceId));

        Assert.Equal(Response(error), interception.Answer);
        Assert.Null(interception.Response);
        Assert.False(ledger.IsPending("g", "t", 0));
    }

    [Fact]
    public void A_fenced_producer_is_answered_invalid_producer_epoch()
    {
        using var ledger = new TransactionLedger();
        var groups = new GroupMembership();
        groups.Joined("g", 1, "m1", null, []);
        Open(ledger, "x", 7);
        ledger.Initialised("x", 8, 60_000, () => Task.CompletedTask);

        var interception = Interceptor(ledger, groups).Read(Request(NoInstance));

        Assert.Equal(Response(47), interception.Answer);
    }

    [Fact]
    public void A_producer_without_group_metadata_commits_to_a_group_with_members_as_with_Kafka()
    {
        using var ledger = new TransactionLedger();
        var groups = new GroupMembership();
        groups.Joined("g", 4, "m2", null, []);
        Open(ledger, "x", 7);
        byte[] request = Sized(
        [
            0, 28, 0, 3, 0, 0, 0, 9, 0, 1, (byte)'c', 0,
            2, (byte)'x', 2, (byte)'g', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0,
            255, 255, 255, 255,     // generation_id -1
            1,                      // member_id ""
            0,                      // group_instance_id null
            2, 2, (byte)'t', 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 255, 255, 255, 255, 1, 0, 0, 0,
        ]);

        var interception = Interceptor(ledger, groups).Read(request);

        Assert.Null(interception.Answer);
        Respond(interception, Response(0));
        Assert.True(ledger.IsPending("g", "t", 0));
    }
}
