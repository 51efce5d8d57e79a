using System.Text;
using Confluent.Kafka;
using FaustGen.Kafka.Embedded.Proxy;
using static FaustGen.Kafka.Tests.Proxy.ProxyFrames;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>JoinGroup v5, SyncGroup and Heartbeat v3, LeaveGroup v1 frames: what the proxy learns of a group's
/// generation, and the group metadata of TxnOffsetCommit checked against it.</summary>
public sealed class GroupMembershipHandlerTests
{
    /// <summary>JoinGroup v5 of group "g" by a new member with instance id "i".</summary>
    private static readonly byte[] JoinRequest = Sized(
    [
        0, 11, 0, 5,                // api key 11 (JoinGroup), version 5
        0, 0, 0, 1,                 // correlation id 1
        0, 1, (byte)'c',            // client id "c"
        0, 1, (byte)'g',            // group_id "g"
        0, 0, 0x27, 0x10,           // session_timeout_ms 10000
        0, 0, 0x75, 0x30,           // rebalance_timeout_ms 30000
        0, 0,                       // member_id ""
        0, 1, (byte)'i',            // group_instance_id "i"
        0, 8, .. "consumer"u8,      // protocol_type
        0, 0, 0, 1,                 // protocols: 1
        0, 5, .. "range"u8,         // name
        0, 0, 0, 0,                 // metadata: empty
    ]);

    /// <summary>The leader m1's response: generation 3 of m1 (instance "i") and m2.</summary>
    private static readonly byte[] LeaderResponse = Sized(
    [
        0, 0, 0, 1,                 // correlation id 1
        0, 0, 0, 0,                 // throttle_time_ms
        0, 0,                       // error_code
        0, 0, 0, 3,                 // generation_id 3
        0, 5, .. "range"u8,         // protocol_name
        0, 2, .. "m1"u8,            // leader
        0, 2, .. "m1"u8,            // member_id
        0, 0, 0, 2,                 // members: 2
        0, 2, .. "m1"u8, 0, 1, (byte)'i', 0, 0, 0, 0,  // m1, instance "i", no metadata
        0, 2, .. "m2"u8, 255, 255, 0, 0, 0, 0,         // m2, no instance
    ]);

    [Fact]
    public void A_JoinGroup_response_makes_its_members_the_group_s_current_generation()
    {
        var groups = new GroupMembership();
        var interceptor = Interceptor(new TransactionLedger(), groups);

        var reply = Respond(interceptor.Read(JoinRequest), LeaderResponse);

        Assert.Same(LeaderResponse, reply.Frame);
        Assert.Equal(ErrorCode.NoError, groups.Check("g", 3, "m1", "i"));
        Assert.Equal(ErrorCode.NoError, groups.Check("g", 3, "m2", null));
        Assert.Equal(ErrorCode.IllegalGeneration, groups.Check("g", 2, "m1", "i"));
        Assert.Equal(ErrorCode.UnknownMemberId, groups.Check("g", 3, "m3", null));
        Assert.Equal(ErrorCode.FencedInstanceId, groups.Check("g", 3, "m2", "i"));
    }

    [Fact]
    public void The_next_generation_leaves_out_the_members_that_did_not_rejoin()
    {
        var groups = new GroupMembership();
        var interceptor = Interceptor(new TransactionLedger(), groups);
        Respond(interceptor.Read(JoinRequest), LeaderResponse);
        byte[] rejoin = Sized(
        [
            0, 11, 0, 5, 0, 0, 0, 1, 0, 1, (byte)'c', 0, 1, (byte)'g', 0, 0, 0x27, 0x10, 0, 0, 0x75, 0x30,
            0, 2, .. "m2"u8,            // member_id "m2"
            255, 255,                   // group_instance_id null
            0, 8, .. "consumer"u8, 0, 0, 0, 1, 0, 5, .. "range"u8, 0, 0, 0, 0,
        ]);
        byte[] alone = Sized(
        [
            0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 4,                 // generation_id 4
            0, 5, .. "range"u8, 0, 2, .. "m2"u8, 0, 2, .. "m2"u8,
            0, 0, 0, 1, 0, 2, .. "m2"u8, 255, 255, 0, 0, 0, 0, // members: m2 alone
        ]);

        Respond(interceptor.Read(rejoin), alone);

        Assert.Equal(ErrorCode.UnknownMemberId, groups.Check("g", 3, "m1", "i"));
        Assert.Equal(ErrorCode.UnknownMemberId, groups.Check("g", 4, "m1", null));
        Assert.Equal(ErrorCode.IllegalGeneration, groups.Check("g", 3, "m2", null));
        Assert.Equal(ErrorCode.NoError, groups.Check("g", 4, "m2", null));
    }

    [Theory]
    [InlineData((byte)12, (byte)25)] // Heartbeat: UNKNOWN_MEMBER_ID
    [InlineData((byte)14, (byte)82)] // SyncGroup: FENCED_INSTANCE_ID
    public void A_member_whose_heartbeat_or_sync_the_coordinator_refuses_as_unknown_or_fenced_is_no_longer_one(byte apiKey, byte error)
    {
        var groups = new GroupMembership();
        var interceptor = Interceptor(new TransactionLedger(), groups);
        Respond(interceptor.Read(JoinRequest), LeaderResponse);
        byte[] request = Sized(
        [
            0, apiKey, 0, 3,            // Heartbeat or SyncGroup, version 3
            0, 0, 0, 2, 0, 1, (byte)'c',
            0, 1, (byte)'g',            // group_id "g"
            0, 0, 0, 3,                 // generation_id 3
            0, 2, .. "m1"u8,            // member_id "m1"
            0, 1, (byte)'i',            // group_instance_id "i"
            .. (apiKey == 14 ? new byte[] { 0, 0, 0, 0 } : []), // SyncGroup's assignments: none
        ]);
        byte[] response = Sized(
        [
            0, 0, 0, 2, 0, 0, 0, 0,
            0, error,                   // error_code
            .. (apiKey == 14 ? new byte[] { 0, 0, 0, 0 } : []), // SyncGroup's assignment: empty
        ]);

        Respond(interceptor.Read(request), response);

        Assert.Equal(ErrorCode.UnknownMemberId, groups.Check("g", 3, "m1", "i"));
        Assert.Equal(ErrorCode.NoError, groups.Check("g", 3, "m2", null));
    }

    [Fact]
    public void A_member_that_leaves_is_no_longer_one_and_an_empty_group_is_forgotten()
    {
        var groups = new GroupMembership();
        var interceptor = Interceptor(new TransactionLedger(), groups);
        Respond(interceptor.Read(JoinRequest), LeaderResponse);

        foreach (var member in new[] { "m1", "m2" })
        {
            byte[] leave = Sized([0, 13, 0, 1, 0, 0, 0, 3, 0, 1, (byte)'c', 0, 1, (byte)'g', 0, 2, .. Encoding.UTF8.GetBytes(member)]);
            Respond(interceptor.Read(leave), Sized([0, 0, 0, 3, 0, 0, 0, 0, 0, 0]));
        }

        Assert.Equal(0, groups.GroupCount);
        // An empty group takes commits from producers with generation -1 only, as Kafka's.
        Assert.Equal(ErrorCode.NoError, groups.Check("g", -1, "m1", null));
        Assert.Equal(ErrorCode.UnknownMemberId, groups.Check("g", 3, "m1", null));
    }

    [Fact]
    public void A_static_member_that_joins_again_fences_the_member_id_it_had()
    {
        var groups = new GroupMembership();
        groups.Joined("g", 3, "old", "i", []);

        groups.Joined("g", 3, "new", "i", [("old", "i"), ("new", "i")]);

        Assert.Equal(ErrorCode.FencedInstanceId, groups.Check("g", 3, "old", "i"));
        Assert.Equal(ErrorCode.UnknownMemberId, groups.Check("g", 3, "old", null));
        Assert.Equal(ErrorCode.NoError, groups.Check("g", 3, "new", "i"));
    }
}
