namespace FaustGen.Kafka.Embedded;

/// <summary>
/// What a Kafka broker's transaction coordinator and partition logs know about transactions, kept beside the mock
/// broker, which accepts the transactional requests but keeps none of their effects: its TxnOffsetCommit stores no
/// offsets, its fetches return every record to read_committed consumers (aborted ones and those of open
/// transactions), and it neither fences a producer whose transactional id was initialised again nor times
/// transactions out. <see cref="BrokerProxy"/> feeds this ledger from the requests it passes on and answers from it.
/// </summary>
internal sealed class TransactionLedger : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Transaction> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Transaction> byProducer = [];
    private readonly HashSet<long> fenced = [];
    private readonly Dictionary<(string Topic, int Partition), List<Aborted>> aborted = [];
    private readonly Dictionary<(string Group, string Topic, int Partition), long> offsets = [];
    private readonly Timer expiry;

    public TransactionLedger()
    {
        expiry = new Timer(_ => Expire(), null, ExpiryPeriod, ExpiryPeriod);
    }

    private static TimeSpan ExpiryPeriod => TimeSpan.FromMilliseconds(100);

    /// <summary>InitProducerId gave <paramref name="producerId"/> to <paramref name="transactionalId"/> on the broker
    /// behind <paramref name="coordinator"/>: the producer that had the id before is fenced and its open transaction
    /// aborted; the returned task completes once the broker has its abort markers.</summary>
    public Task Initialised(string transactionalId, long producerId, short epoch, int timeoutMs, BrokerProxy coordinator)
    {
        lock (gate)
        {
            var aborted = Task.CompletedTask;
            if (byId.Remove(transactionalId, out var previous))
            {
                aborted = Fence(previous);
                byProducer.Remove(previous.ProducerId);
            }

            var transaction = new Transaction(transactionalId, producerId, epoch, timeoutMs, coordinator);
            byId[transactionalId] = transaction;
            byProducer[producerId] = transaction;
            return aborted;
        }
    }

    /// <summary>Whether <paramref name="producerId"/> was fenced (its id initialised again, or its transaction timed out).</summary>
    public bool IsFenced(long producerId)
    {
        lock (gate)
        {
            return fenced.Contains(producerId);
        }
    }

    /// <summary>The producer added partitions or offsets to its transaction: the transaction is open from now.</summary>
    public void Began(long producerId)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var transaction) && transaction.StartedAt == 0)
            {
                transaction.StartedAt = Environment.TickCount64;
            }
        }
    }

    /// <summary>A transactional producer's records <paramref name="first"/> to <paramref name="last"/> were written to a partition.</summary>
    public void Written(long producerId, string topic, int partition, long first, long last)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var transaction) && transaction.StartedAt != 0)
            {
                var key = (topic, partition);
                transaction.Ranges[key] = transaction.Ranges.TryGetValue(key, out var range) ? (range.First, last) : (first, last);
            }
        }
    }

    /// <summary>TxnOffsetCommit: the offsets are committed for <paramref name="group"/> if the transaction commits.</summary>
    public void OffsetsAdded(long producerId, string group, IEnumerable<(string Topic, int Partition, long Offset)> added)
    {
        lock (gate)
        {
            if (byProducer.TryGetValue(producerId, out var transaction))
            {
                foreach (var (topic, partition, offset) in added)
                {
                    transaction.Offsets[(group, topic, partition)] = offset;
                }
            }
        }
    }

    /// <summary>EndTxn succeeded: a commit makes the transaction's offsets the group's; an abort hides its records.</summary>
    public void Ended(long producerId, bool committed)
    {
        lock (gate)
        {
            if (!byProducer.TryGetValue(producerId, out var transaction))
            {
                return;
            }

            if (committed)
            {
                foreach (var (key, offset) in transaction.Offsets)
                {
                    offsets[key] = offset;
                }

                transaction.Reset();
            }
            else
            {
                Abort(transaction);
            }
        }
    }

    /// <summary>The offset group <paramref name="group"/> committed in a transaction for a partition, if any.</summary>
    public long? CommittedOffset(string group, string topic, int partition)
    {
        lock (gate)
        {
            return offsets.TryGetValue((group, topic, partition), out var offset) ? offset : null;
        }
    }

    /// <summary>The last stable offset of a partition whose log ends at <paramref name="end"/>: the first offset of the
    /// oldest open transaction that wrote to it, else the end.</summary>
    public long StableOffset(string topic, int partition, long end)
    {
        lock (gate)
        {
            var stable = end;
            foreach (var transaction in byProducer.Values)
            {
                if (transaction.StartedAt != 0 && transaction.Ranges.TryGetValue((topic, partition), out var range))
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

    public void Dispose() => expiry.Dispose();

    /// <summary>Aborts and fences the transactions open for longer than their producers' <c>transaction.timeout.ms</c>.</summary>
    private void Expire()
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            foreach (var transaction in byProducer.Values)
            {
                if (transaction.StartedAt != 0 && now - transaction.StartedAt > transaction.TimeoutMs)
                {
                    _ = Fence(transaction);
                }
            }
        }
    }

    /// <summary>Fences the producer and aborts its open transaction as a Kafka coordinator does: the mock broker writes
    /// the abort markers (it is sent the EndTxn the producer will never send), so consumers move past the records.</summary>
    private Task Fence(Transaction transaction)
    {
        fenced.Add(transaction.ProducerId);
        if (transaction.StartedAt == 0)
        {
            return Task.CompletedTask;
        }

        Abort(transaction);
        return transaction.Coordinator.AbortAsync(transaction.TransactionalId, transaction.ProducerId, transaction.Epoch);
    }

    private void Abort(Transaction transaction)
    {
        foreach (var (key, range) in transaction.Ranges)
        {
            if (!aborted.TryGetValue(key, out var list))
            {
                aborted[key] = list = [];
            }

            list.Add(new Aborted(transaction.ProducerId, range.First, range.Last));
        }

        transaction.Reset();
    }

    private sealed class Transaction(string transactionalId, long producerId, short epoch, int timeoutMs, BrokerProxy coordinator)
    {
        public string TransactionalId { get; } = transactionalId;

        public short Epoch { get; } = epoch;

        /// <summary>The proxy of the broker that coordinates the transaction.</summary>
        public BrokerProxy Coordinator { get; } = coordinator;

        public long ProducerId { get; } = producerId;

        public int TimeoutMs { get; } = timeoutMs;

        /// <summary>When the open transaction began (<see cref="Environment.TickCount64"/>), 0 when none is open.</summary>
        public long StartedAt { get; set; }

        public Dictionary<(string Topic, int Partition), (long First, long Last)> Ranges { get; } = [];

        public Dictionary<(string Group, string Topic, int Partition), long> Offsets { get; } = [];

        public void Reset()
        {
            StartedAt = 0;
            Ranges.Clear();
            Offsets.Clear();
        }
    }

    private readonly record struct Aborted(long ProducerId, long First, long Last);
}
