using Confluent.Kafka;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// The classic group protocol's requests, read for <see cref="GroupMembership"/>: JoinGroup (v0-5) responses give each
/// generation and its members, LeaveGroup (v0-2) removes a member, and SyncGroup and Heartbeat (v0-3) answered
/// UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID say the coordinator no longer counts the member in. All pass on unchanged.
/// </summary>
internal sealed class GroupMembershipHandler(GroupMembership groups)
{
    /// <summary>JoinGroup: group_id, session_timeout_ms, rebalance_timeout_ms (v1+), member_id, group_instance_id (v5+).</summary>
    public Exchange JoinGroup(short version, ref WireReader request)
    {
        var group = request.String() ?? string.Empty;
        request.Int32();
        if (version >= 1)
        {
            request.Int32();
        }

        request.String();
        var instanceId = version >= 5 ? request.String() : null;
        return Exchange.Then((ref body) =>
        {
            if (version >= 2)
            {
                body.Int32();
            }

            if (body.Int16() != 0)
            {
                return Rewrite.Unchanged;
            }

            var generation = body.Int32();
            body.String();
            body.String();
            var memberId = body.String() ?? string.Empty;
            var members = new List<(string, string?)>();
            for (var count = body.ArrayCount(); count > 0; count--)
            {
                var member = body.String() ?? string.Empty;
                var instance = version >= 5 ? body.String() : null;
                body.Bytes();
                members.Add((member, instance));
            }

            groups.Joined(group, generation, memberId, instanceId, members);
            return Rewrite.Unchanged;
        });
    }

    /// <summary>SyncGroup and Heartbeat: group_id, generation_id, member_id; the response: throttle_time_ms (v1+), error_code.</summary>
    public Exchange MemberRequest(short version, ref WireReader request)
    {
        var group = request.String() ?? string.Empty;
        request.Int32();
        var memberId = request.String() ?? string.Empty;
        return Exchange.Then((ref body) =>
        {
            if (version >= 1)
            {
                body.Int32();
            }

            if ((ErrorCode)body.Int16() is ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId)
            {
                groups.Left(group, memberId);
            }

            return Rewrite.Unchanged;
        });
    }

    /// <summary>LeaveGroup: group_id, member_id; the response: throttle_time_ms (v1+), error_code.</summary>
    public Exchange LeaveGroup(short version, ref WireReader request)
    {
        var group = request.String() ?? string.Empty;
        var memberId = request.String() ?? string.Empty;
        return Exchange.Then((ref body) =>
        {
            if (version >= 1)
            {
                body.Int32();
            }

            if (body.Int16() == 0)
            {
                groups.Left(group, memberId);
            }

            return Rewrite.Unchanged;
        });
    }
}
