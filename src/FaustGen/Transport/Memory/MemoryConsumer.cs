using System.Collections.Concurrent;

namespace FaustGen.Transport.Memory;

/// <summary>A member of a consumer group of the in-memory broker.</summary>
internal sealed class MemoryConsumer : ITransportConsumer, IMemoryWatcher
{
    private readonly MemoryBroker broker;
    private readonly MemoryGroup group;
    private readonly ConsumerSettings settings;
    private readonly IRebalanceListener listener;
    private readonly ManualResetEventSlim signal = new(false);
    // Concurrent because the monitor reads positions (GetLag) while the poll loop moves them.
    private readonly ConcurrentDictionary<TopicPartition, long> positions = [];
    private readonly List<TopicPartition> fetchOrder = [];
    private readonly HashSet<TopicPartition> paused = [];
    private IReadOnlyCollection<string> subscription = [];
    private int nextFetch;
    private int lost;

    private readonly int partitionsIfNew;

    public MemoryConsumer(MemoryBroker broker, ConsumerSettings settings, IRebalanceListener listener, int partitionsIfNew)
    {
        this.partitionsIfNew = partitionsIfNew;
        this.broker = broker;
        this.settings = settings;
        this.listener = listener;
        group = broker.Group(settings.GroupId);
        MemberId = $"{settings.ClientId}-{Guid.NewGuid():N}";
    }

    public string MemberId { get; }

    public void Subscribe(IReadOnlyCollection<string> topics)
    {
        // Like a broker with auto.create.topics.enable: a topic is created when first used.
        foreach (var topic in topics)
        {
            broker.CreateTopic(topic, partitionsIfNew);
        }

        subscription = [.. topics];
        group.Subscribe(this, subscription);
    }

    public int Poll(Span<ConsumedRecord> buffer, TimeSpan timeout)
    {
        group.Heartbeat(this);
        HandleGroupEvents();
        var count = Fetch(buffer);
        if (count > 0)
        {
            return count;
        }

        signal.Reset();
        HandleGroupEvents();
        count = Fetch(buffer);
        if (count > 0)
        {
            return count;
        }

        signal.Wait(timeout);
        group.Heartbeat(this);
        HandleGroupEvents();
        return Fetch(buffer);
    }

    public void Pause(IReadOnlyCollection<TopicPartition> partitions) => paused.UnionWith(partitions);

    public void Wake() => signal.Set();

    public void Resume(IReadOnlyCollection<TopicPartition> partitions)
    {
        paused.ExceptWith(partitions);
        Wake();
    }

    public void Commit(IReadOnlyCollection<TopicPartitionOffset> offsets, TimeSpan timeout) => group.Commit(this, offsets);

    public long GetPosition(TopicPartition partition) => positions.TryGetValue(partition, out var position) ? position : -1;

    public long? GetLag(TopicPartition partition) =>
        positions.TryGetValue(partition, out var position) ? Math.Max(0, broker.Partition(partition).EndOffset - position) : null;

    public void Close(TimeSpan timeout)
    {
        Release();
        group.Leave(this);
    }

    public void Dispose()
    {
        Release();
        group.Leave(this);
        signal.Dispose();
    }

    internal void MarkLost()
    {
        Volatile.Write(ref lost, 1);
        Wake();
    }

    private void HandleGroupEvents()
    {
        if (Interlocked.Exchange(ref lost, 0) == 1)
        {
            var owned = Release();
            if (owned.Count > 0)
            {
                listener.OnPartitionsLost(owned);
            }

            group.Subscribe(this, subscription);
        }

        if (group.TakeRevocation(this, out var revoked))
        {
            listener.OnPartitionsRevoked(revoked);
            Release();
            group.CompleteRevocation(this);
        }

        if (group.TakeAssignment(this, out var assigned))
        {
            foreach (var tp in assigned)
            {
                var partition = broker.Partition(tp);
                positions[tp] = group.Committed(tp) ?? (settings.StartFromEarliest ? partition.StartOffset : partition.EndOffset);
                fetchOrder.Add(tp);
                partition.Watch(this);
            }

            listener.OnPartitionsAssigned(assigned);
        }
    }

    private List<TopicPartition> Release()
    {
        var owned = new List<TopicPartition>(fetchOrder);
        foreach (var tp in fetchOrder)
        {
            broker.Partition(tp).Unwatch(this);
        }

        fetchOrder.Clear();
        positions.Clear();
        paused.Clear();
        return owned;
    }

    private int Fetch(Span<ConsumedRecord> buffer)
    {
        var written = 0;
        for (var i = 0; i < fetchOrder.Count && written < buffer.Length; i++)
        {
            var tp = fetchOrder[(nextFetch + i) % fetchOrder.Count];
            if (paused.Contains(tp))
            {
                continue;
            }

            written += broker.Partition(tp).Read(positions[tp], buffer[written..], out var next);
            positions[tp] = next;
        }

        nextFetch = fetchOrder.Count == 0 ? 0 : (nextFetch + 1) % fetchOrder.Count;
        return written;
    }
}
