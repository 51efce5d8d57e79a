namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// What a Kafka broker's transaction coordinator and partition logs know about transactions, kept beside the mock
/// broker, which accepts the transactional requests but keeps none of their effects: its TxnOffsetCommit stores no
/// offsets, its fetches return every record to read_committed consumers (aborted ones and those of open
/// transactions), and it neither fences a producer whose transactional id was initialised again nor times
/// transactions out. The proxies feed this ledger from the requests they pass on and answer from it.
/// </summary>
/// <remarks>
/// What it keeps stays bounded: one producer per transactional id (the one initialised last: any other producer id
/// with that transactional id is fenced, so no set of fenced ids is kept); the aborted transactions of a partition
/// until the partition's log starts past them (learnt from produce and fetch responses); and one transactional
/// offset per group partition, until a plain OffsetCommit replaces it.
/// </remarks>
internal sealed class TransactionLedger : IDisposable
{
    private static readonly TimeSpan ExpiryPeriod = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly Dictionary<string, Producer> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Producer> byProducer = [];
    private readonly Dictionary<(string Topic, int Partition), List<Aborted>> aborted = [];
    private readonly Dictionary<(string Group, string Topic, int Partition), long> offsets = [];
    private readonly ITimer expiry;

    public TransactionLedger(TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        expiry = this.time.CreateTimer(_ => Expire(), null, ExpiryPeriod, ExpiryPeriod);
    }

    /// <summary>How many transactional ids the ledger knows.</summary>
    internal int ProducerCount
    {
        get
        {
            lock (gate)
            {
                return byId.Count;
            }
        }
    }

    /// <summary>How many aborted transactions the ledger keeps for a partition.</summary>
    internal int AbortedCount(string topic, int partition)
    {
        lock (gate)
        {
            return aborted.TryGetValue((topic, partition), out var list) ? list.Count : 0;
        }
    }

    /// <summary>InitProducerId gave <paramref name="producerId"/> to <paramref name="transactionalId"/>: the producer that
    /// had the id before is fenced and its open transaction aborted; the returned task completes once the broker has
    /// its abort markers, or, when its EndTxn is with the broker, once that ended it (Kafka answers the new producer
    /// CONCURRENT_TRANSACTIONS meanwhile). <paramref name="abortOnBroker"/> has the broker abort the new producer's
    /// transaction, should it be fenced or time out.</summary>
    public Task Initialised(string transactionalId, long producerId, int timeoutMs, Func<Task> abortOnBroker)
    {
        lock (gate)
        {
            var aborting = Task.CompletedTask;
            if (byId.Remove(transactionalId, out var previous))
            {
                aborting = previous.Ending is { } ending ? FenceOnceEndedAsync(previous, ending.Task) : Forget(previous);
            }

            var producer = new Producer(producerId, timeoutMs, abortOnBroker);
            byId[transactionalId] = producer;
            byProducer[producerId] = producer;
            return aborting;
        }
    }

    /// <summary>Whether <paramref name="producerId"/> may no longer act for <paramref name="transactionalId"/>: the id was
    /// initialised again since, or its transaction timed out.</summary>
    public bool IsFenced(string transactionalId, long producerId)
    {
        lock (gate)
        {
            return byId.TryGetValue(transactionalId, out var producer) && (producer.ProducerId != producerId || producer.Fenced);
        }
    }

    /// <summary>The producer added partitions or offsets to its transaction: the transaction is open from now.</summary>
    public void Began(long producerId)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var producer) && producer.StartedAt is null)
            {
                producer.StartedAt = time.GetTimestamp();
            }
        }
    }

    /// <summary>A transactional producer's records <paramref name="first"/> to <paramref name="last"/> were written to a partition.</summary>
    public void Written(long producerId, string topic, int partition, long first, long last)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var producer) && producer.StartedAt is not null)
            {
                var key = (topic, partition);
                producer.Ranges[key] = producer.Ranges.TryGetValue(key, out var range) ? (Math.Min(range.First, first), Math.Max(range.Last, last)) : (first, last);
            }
        }
    }

    /// <summary>TxnOffsetCommit: the offsets are committed for <paramref name="group"/> if the transaction commits.</summary>
    public void OffsetsAdded(long producerId, string group, IEnumerable<(string Topic, int Partition, long Offset)> added)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var producer))
            {
                foreach (var (topic, partition, offset) in added)
                {
                    producer.Offsets[(group, topic, partition)] = offset;
                }
            }
        }
    }

    /// <summary>The producer's EndTxn is on its way to the broker, which writes the markers before it answers: the
    /// transaction stays open until <see cref="Ended"/> or <see cref="EndRefused"/>, and does not time out meanwhile.</summary>
    public void Ending(long producerId)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var producer) && producer.Ending is null)
            {
                producer.Ending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                producer.EndingAt = time.GetTimestamp();
            }
        }
    }

    /// <summary>EndTxn succeeded: a commit makes the transaction's offsets the group's; an abort hides its records.</summary>
    public void Ended(long producerId, bool committed)
    {
        lock (gate)
        {
            if (!byProducer.TryGetValue(producerId, out var producer))
            {
                return;
            }

            if (committed)
            {
                foreach (var (key, offset) in producer.Offsets)
                {
                    offsets[key] = offset;
                }

                producer.Reset();
            }
            else
            {
                Abort(producer);
            }

            EndedEnding(producer);
        }
    }

    /// <summary>The broker refused the producer's EndTxn: its transaction is still open.</summary>
    public void EndRefused(long producerId)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var producer))
            {
                EndedEnding(producer);
            }
        }
    }

    /// <summary>The offset <paramref name="group"/> last committed in a transaction for a partition, if any.</summary>
    public long? CommittedOffset(string group, string topic, int partition)
    {
        lock (gate)
        {
            return offsets.TryGetValue((group, topic, partition), out var offset) ? offset : null;
        }
    }

    /// <summary>Whether an open transaction holds an offset for <paramref name="group"/> and the partition: Kafka's
    /// pending transactional offset commit, which an OffsetFetch requiring stable offsets must wait out.</summary>
    public bool IsPending(string group, string topic, int partition)
    {
        lock (gate)
        {
            foreach (var producer in byProducer.Values)
            {
                if (producer.StartedAt is not null && producer.Offsets.ContainsKey((group, topic, partition)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A plain OffsetCommit stored an offset for the partition: it replaces the one committed in a transaction.</summary>
    public void OffsetCommitted(string group, string topic, int partition)
    {
        lock (gate)
        {
            offsets.Remove((group, topic, partition));
        }
    }

    /// <summary>The last stable offset of a partition whose log ends at <paramref name="end"/>: the first offset of the
    /// oldest open transaction that wrote to it, else the end.</summary>
    public long StableOffset(string topic, int partition, long end)
    {
        lock (gate)
        {
            var stable = end;
            foreach (var producer in byProducer.Values)
            {
                if (producer.StartedAt is not null && producer.Ranges.TryGetValue((topic, partition), out var range))
                {
                    stable = Math.Min(stable, range.First);
                }
            }

            return stable;
        }
    }

    /// <summary>The aborted transactions of a partition that reach offset <paramref name="from"/> or later, as a
    /// fetch response lists them (the consumer skips their records).</summary>
    public List<(long ProducerId, long First)> AbortedFrom(string topic, int partition, long from)
    {
        lock (gate)
        {
            return aborted.TryGetValue((topic, partition), out var list)
                ? [.. list.Where(a => a.Last >= from).Select(a => (a.ProducerId, a.First))]
                : [];
        }
    }

    /// <summary>The partition's log starts at <paramref name="logStart"/> (the mock drops its oldest records beyond its
    /// size limit): no fetch reaches the aborted transactions that end before it, which are forgotten.</summary>
    public void LogStarts(string topic, int partition, long logStart)
    {
        lock (gate)
        {
            if (aborted.TryGetValue((topic, partition), out var list) && list.RemoveAll(a => a.Last < logStart) > 0 && list.Count == 0)
            {
                aborted.Remove((topic, partition));
            }
        }
    }

    public void Dispose() => expiry.Dispose();

    /// <summary>Aborts and fences the transactions open for longer than their producers' <c>transaction.timeout.ms</c>.</summary>
    internal void Expire()
    {
        lock (gate)
        {
            foreach (var producer in byProducer.Values)
            {
                // An EndTxn with the broker holds the timeout off, unless it goes unanswered for a whole timeout.
                if (producer.StartedAt is { } startedAt && Elapsed(startedAt) > producer.TimeoutMs && (producer.Ending is null || Elapsed(producer.EndingAt) > producer.TimeoutMs))
                {
                    _ = Fence(producer);
                    EndedEnding(producer);
                }
            }
        }
    }

    /// <summary>Fences a producer whose EndTxn was with the broker when its transactional id was initialised again, once
    /// the broker answered it (or the transaction timeout passed): only a transaction that EndTxn did not end is aborted.</summary>
    private async Task FenceOnceEndedAsync(Producer previous, Task ended)
    {
        try
        {
            await ended.WaitAsync(TimeSpan.FromMilliseconds(previous.TimeoutMs), time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The answer was lost with the broker's connection; the transaction is aborted as if it timed out.
        }

        Task aborting;
        lock (gate)
        {
            aborting = Forget(previous);
        }

        await aborting.ConfigureAwait(false);
    }

    /// <summary>Fences a producer replaced by a new one of its transactional id, which the ledger then forgets.</summary>
    private Task Forget(Producer previous)
    {
        byProducer.Remove(previous.ProducerId);
        return Fence(previous);
    }

    private double Elapsed(long since) => time.GetElapsedTime(since).TotalMilliseconds;

    private static void EndedEnding(Producer producer)
    {
        producer.Ending?.TrySetResult();
        producer.Ending = null;
    }

    /// <summary>Fences the producer and aborts its open transaction as a Kafka coordinator does: the mock broker writes
    /// the abort markers (it is sent the EndTxn the producer will never send), so consumers move past the records.</summary>
    private Task Fence(Producer producer)
    {
        producer.Fenced = true;
        if (producer.StartedAt is null)
        {
            return Task.CompletedTask;
        }

        Abort(producer);
        return producer.AbortOnBroker();
    }

    private void Abort(Producer producer)
    {
        foreach (var (key, range) in producer.Ranges)
        {
            if (!aborted.TryGetValue(key, out var list))
            {
                aborted[key] = list = [];
            }

            list.Add(new Aborted(producer.ProducerId, range.First, range.Last));
        }

        producer.Reset();
    }

    /// <summary>The producer a transactional id was last initialised for, and its open transaction.</summary>
    private sealed class Producer(long producerId, int timeoutMs, Func<Task> abortOnBroker)
    {
        public long ProducerId { get; } = producerId;

        public int TimeoutMs { get; } = timeoutMs;

        public Func<Task> AbortOnBroker { get; } = abortOnBroker;

        /// <summary>Whether its transaction timed out: the coordinator fenced it.</summary>
        public bool Fenced { get; set; }

        /// <summary>Completed when the EndTxn the broker has answers; null when none is with the broker.</summary>
        public TaskCompletionSource? Ending { get; set; }

        /// <summary>When that EndTxn was passed on (a <see cref="TimeProvider"/> timestamp).</summary>
        public long EndingAt { get; set; }

        /// <summary>When the open transaction began (a <see cref="TimeProvider"/> timestamp), null when none is open.</summary>
        public long? StartedAt { get; set; }

        public Dictionary<(string Topic, int Partition), (long First, long Last)> Ranges { get; } = [];

        public Dictionary<(string Group, string Topic, int Partition), long> Offsets { get; } = [];

        public void Reset()
        {
            StartedAt = null;
            Ranges.Clear();
            Offsets.Clear();
        }
    }

    private readonly record struct Aborted(long ProducerId, long First, long Last);
}
