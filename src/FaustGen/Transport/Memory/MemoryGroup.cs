namespace FaustGen.Transport.Memory;

/// <summary>
/// A consumer group of the in-memory broker, with Kafka's eager rebalance protocol: when membership or
/// subscriptions change, every member first gives up (and commits) what it owns, then the range assignor
/// hands out partitions again. Range assignment gives partition p of every topic with the same partition
/// count to the same member, which keeps an app's streams and tables co-partitioned.
/// </summary>
internal sealed class MemoryGroup(MemoryBroker broker, string id)
{
    private readonly Lock gate = new();
    private readonly List<Member> members = [];
    private readonly Dictionary<TopicPartition, long> committed = [];
    private bool rebalancing;

    public string Id { get; } = id;

    public int Generation { get; private set; }

    public void Subscribe(MemoryConsumer consumer, IReadOnlyCollection<string> topics)
    {
        lock (gate)
        {
            var member = Find(consumer);
            if (member is null)
            {
                member = new Member(consumer);
                members.Add(member);
            }

            member.Topics = [.. topics];
            member.LastSeen = Environment.TickCount64;
            StartRebalance();
        }
    }

    public void Leave(MemoryConsumer consumer)
    {
        lock (gate)
        {
            if (Find(consumer) is { } member)
            {
                members.Remove(member);
                StartRebalance();
            }
        }
    }

    /// <summary>Rebalances the group when one of its members subscribes to <paramref name="topic"/>, which now exists.</summary>
    public void OnTopicCreated(string topic)
    {
        lock (gate)
        {
            if (members.Exists(m => m.Topics.Contains(topic)))
            {
                StartRebalance();
            }
        }
    }

    /// <summary>Marks <paramref name="consumer"/> alive and evicts members that have not polled within the session timeout.</summary>
    public void Heartbeat(MemoryConsumer consumer)
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            if (Find(consumer) is { } self)
            {
                self.LastSeen = now;
            }

            var timeout = (long)broker.SessionTimeout.TotalMilliseconds;
            var evicted = false;
            for (var i = members.Count - 1; i >= 0; i--)
            {
                if (now - members[i].LastSeen > timeout)
                {
                    members[i].Consumer.MarkLost();
                    members.RemoveAt(i);
                    evicted = true;
                }
            }

            if (evicted)
            {
                StartRebalance();
            }
        }
    }

    /// <summary>The partitions <paramref name="consumer"/> must give up now, if a rebalance asks it to.</summary>
    public bool TakeRevocation(MemoryConsumer consumer, out List<TopicPartition> partitions)
    {
        lock (gate)
        {
            if (Find(consumer) is { MustRevoke: true } member)
            {
                partitions = [.. member.Owned];
                return true;
            }

            partitions = [];
            return false;
        }
    }

    public void CompleteRevocation(MemoryConsumer consumer)
    {
        lock (gate)
        {
            if (Find(consumer) is { } member)
            {
                member.Owned.Clear();
                member.MustRevoke = false;
                TryCompleteRebalance();
            }
        }
    }

    public bool TakeAssignment(MemoryConsumer consumer, out List<TopicPartition> partitions)
    {
        lock (gate)
        {
            if (Find(consumer) is { NewAssignment: { } assignment } member)
            {
                member.NewAssignment = null;
                partitions = assignment;
                return true;
            }

            partitions = [];
            return false;
        }
    }

    public void Commit(MemoryConsumer consumer, IReadOnlyCollection<TopicPartitionOffset> offsets)
    {
        lock (gate)
        {
            var member = Find(consumer)
                ?? throw new InvalidOperationException($"Commit failed: the member is not in group '{Id}' (it was evicted or has left).");
            foreach (var offset in offsets)
            {
                if (!member.Owned.Contains(offset.TopicPartition))
                {
                    throw new InvalidOperationException(
                        $"Commit failed: {offset.TopicPartition} is not assigned to this member of group '{Id}' in generation {Generation}.");
                }
            }

            foreach (var offset in offsets)
            {
                committed[offset.TopicPartition] = offset.Offset;
            }
        }
    }

    public long? Committed(TopicPartition partition)
    {
        lock (gate)
        {
            return committed.TryGetValue(partition, out var offset) ? offset : null;
        }
    }

    // Called on every poll: a plain loop, so the lookup allocates no closure.
    private Member? Find(MemoryConsumer consumer)
    {
        foreach (var member in members)
        {
            if (ReferenceEquals(member.Consumer, consumer))
            {
                return member;
            }
        }

        return null;
    }

    private void StartRebalance()
    {
        Generation++;
        rebalancing = true;
        foreach (var member in members)
        {
            member.NewAssignment = null;
            member.MustRevoke = member.Owned.Count > 0;
        }

        TryCompleteRebalance();
        WakeAll();
    }

    private void TryCompleteRebalance()
    {
        if (!rebalancing || members.Exists(m => m.MustRevoke))
        {
            return;
        }

        foreach (var member in members)
        {
            member.NewAssignment = [];
        }

        // Kafka's range assignor: per topic, members sorted by id take consecutive ranges of partitions.
        var topics = members.SelectMany(m => m.Topics).Distinct().Order(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            if (!broker.TryGetPartitionCount(topic, out var count))
            {
                continue;
            }

            var subscribers = members.Where(m => m.Topics.Contains(topic)).OrderBy(m => m.Consumer.MemberId, StringComparer.Ordinal).ToList();
            var per = count / subscribers.Count;
            var extra = count % subscribers.Count;
            var next = 0;
            for (var i = 0; i < subscribers.Count; i++)
            {
                var take = per + (i < extra ? 1 : 0);
                for (var p = next; p < next + take; p++)
                {
                    subscribers[i].NewAssignment!.Add(new TopicPartition(topic, p));
                }

                next += take;
            }
        }

        foreach (var member in members)
        {
            member.Owned.Clear();
            member.Owned.UnionWith(member.NewAssignment!);
        }

        rebalancing = false;
        WakeAll();
    }

    private void WakeAll()
    {
        foreach (var member in members)
        {
            member.Consumer.Wake();
        }
    }

    private sealed class Member(MemoryConsumer consumer)
    {
        public MemoryConsumer Consumer { get; } = consumer;

        public HashSet<string> Topics { get; set; } = [];

        public HashSet<TopicPartition> Owned { get; } = [];

        public List<TopicPartition>? NewAssignment { get; set; }

        public bool MustRevoke { get; set; }

        public long LastSeen { get; set; }
    }
}
