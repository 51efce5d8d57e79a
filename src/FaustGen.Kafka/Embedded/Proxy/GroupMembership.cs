using Confluent.Kafka;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// What a Kafka group coordinator knows of each consumer group's current generation, learnt from the group requests
/// passing through the proxies: the generation and members of the last JoinGroup round, the static members'
/// instance ids, and the members that left or were found unknown since. It checks TxnOffsetCommit's group metadata
/// (KIP-447) as Kafka does, which the mock broker does not.
/// </summary>
/// <remarks>Only groups with members are kept. A member the mock evicts when its session times out is noticed when
/// the rebalance that follows ends (the next generation leaves it out) or when its heartbeat is refused.</remarks>
internal sealed class GroupMembership
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Group> groups = new(StringComparer.Ordinal);

    /// <summary>How many groups with members are known.</summary>
    internal int GroupCount
    {
        get
        {
            lock (gate)
            {
                return groups.Count;
            }
        }
    }

    /// <summary>
    /// A JoinGroup succeeded: <paramref name="memberId"/> (with the <paramref name="instanceId"/> it joined with) is a
    /// member of <paramref name="generation"/>, and so are <paramref name="members"/>, the list the leader receives.
    /// A later generation replaces the members of the one before; a static member that joins takes its instance id
    /// from the member that had it, which is no longer one (Kafka fences it).
    /// </summary>
    public void Joined(string group, int generation, string memberId, string? instanceId, IEnumerable<(string MemberId, string? InstanceId)> members)
    {
        lock (gate)
        {
            if (!groups.TryGetValue(group, out var known))
            {
                groups[group] = known = new Group();
            }

            if (generation < known.Generation)
            {
                return;
            }

            if (generation > known.Generation)
            {
                known.Generation = generation;
                known.Members.Clear();
                known.Instances.Clear();
            }

            foreach (var (member, instance) in members)
            {
                known.Members.Add(member);
                if (instance is not null)
                {
                    known.Instances.TryAdd(instance, member);
                }
            }

            known.Members.Add(memberId);
            if (instanceId is not null)
            {
                if (known.Instances.TryGetValue(instanceId, out var replaced) && replaced != memberId)
                {
                    known.Members.Remove(replaced);
                }

                known.Instances[instanceId] = memberId;
            }
        }
    }

    /// <summary><paramref name="memberId"/> is no longer a member: it left, or the coordinator did not know it.</summary>
    public void Left(string group, string memberId)
    {
        lock (gate)
        {
            if (!groups.TryGetValue(group, out var known) || !known.Members.Remove(memberId))
            {
                return;
            }

            foreach (var (instance, member) in known.Instances)
            {
                if (member == memberId)
                {
                    known.Instances.Remove(instance);
                }
            }

            if (known.Members.Count == 0)
            {
                groups.Remove(group);
            }
        }
    }

    /// <summary>
    /// The error Kafka answers a TxnOffsetCommit (v3+) with for this group metadata, or <see cref="ErrorCode.NoError"/>:
    /// producers without group metadata (generation -1, no member id nor instance id) and commits to an empty group
    /// with generation -1 pass; otherwise the instance id must belong to the member
    /// (<see cref="ErrorCode.FencedInstanceId"/>), the member must be in the group
    /// (<see cref="ErrorCode.UnknownMemberId"/>) and the generation must be the group's
    /// (<see cref="ErrorCode.IllegalGeneration"/>).
    /// </summary>
    public ErrorCode Check(string group, int generation, string memberId, string? instanceId)
    {
        lock (gate)
        {
            var known = groups.GetValueOrDefault(group);
            if (generation < 0 && (known is null || (memberId.Length == 0 && instanceId is null)))
            {
                return ErrorCode.NoError;
            }

            if (instanceId is not null)
            {
                if (known?.Instances.GetValueOrDefault(instanceId) is not { } current)
                {
                    return ErrorCode.UnknownMemberId;
                }

                if (current != memberId)
                {
                    return ErrorCode.FencedInstanceId;
                }
            }

            if (known is null || !known.Members.Contains(memberId))
            {
                return ErrorCode.UnknownMemberId;
            }

            return generation == known.Generation ? ErrorCode.NoError : ErrorCode.IllegalGeneration;
        }
    }

    private sealed class Group
    {
        public int Generation { get; set; } = -1;

        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

        /// <summary>The member that holds each static instance id.</summary>
        public Dictionary<string, string> Instances { get; } = new(StringComparer.Ordinal);
    }
}
