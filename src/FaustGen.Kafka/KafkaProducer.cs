using System.Runtime.CompilerServices;
using Confluent.Kafka;
using FaustGen.Transport;
using KafkaTopicPartition = Confluent.Kafka.TopicPartition;

namespace FaustGen.Kafka;

/// <summary>
/// The app's producer. Sends are batched by librdkafka (<c>linger.ms</c>, <c>batch.size</c> through
/// <see cref="AppSettings.BrokerProperties"/>); delivery outcomes arrive on librdkafka's delivery thread.
/// A transactional producer (exactly-once) always has a transaction open: every send joins it, and
/// <see cref="Commit"/> commits it with the consumed offsets and opens the next.
/// </summary>
internal sealed class KafkaProducer : ITransportProducer, ITransactions, IDisposable
{
    // librdkafka's queue is full: wait for deliveries to make room (back-pressure on the sender) this long at most.
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromSeconds(30);

    private readonly ProducerConfig config;
    private readonly KafkaLog log;
    private readonly TimeSpan timeout;
    private readonly TimeSpan closeTimeout;
    private readonly Action<string>? beforeFirstSend;
    private readonly HashSet<string> seenTopics = new(StringComparer.Ordinal);
    private readonly Lock seenGate = new();
    // One delivery handler per caller-supplied callback, so fire-and-forget sends allocate no closure each.
    private readonly ConditionalWeakTable<Action<RecordMetadata, Exception?>, Action<DeliveryReport<byte[]?, byte[]?>>> handlers = [];
    // Transactional only: librdkafka refuses sends while a transaction commits, so sends share it and a commit owns it.
    private readonly ReaderWriterLockSlim? transaction;
    // Replaced by RenewTransaction (under the transaction's write lock, so no send sees the change half done).
    private IProducer<byte[]?, byte[]?> producer;
    // The fatal error librdkafka reported for the current producer, if any: a producer with one can do nothing more.
    private StrongBox<Error?> fatal;

    /// <param name="config">The producer's settings.</param>
    /// <param name="log">Where librdkafka's log goes.</param>
    /// <param name="beforeFirstSend">Called once per topic before its first message (the embedded cluster creates missing topics).</param>
    /// <param name="timeout">How long a transactional producer may take to register its transactional id.</param>
    /// <param name="closeTimeout">How long disposing a producer may wait for brokers.</param>
    public KafkaProducer(ProducerConfig config, KafkaLog log, Action<string>? beforeFirstSend, TimeSpan timeout, TimeSpan closeTimeout)
    {
        this.closeTimeout = closeTimeout;
        this.config = config;
        this.log = log;
        this.timeout = timeout;
        this.beforeFirstSend = beforeFirstSend;
        if (config.TransactionalId is not null)
        {
            transaction = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
        }

        (producer, fatal) = Build();
    }

    /// <summary>Whether sends join transactions that <see cref="Commit"/> commits.</summary>
    public bool IsTransactional => transaction is not null;

    /// <summary>
    /// Commits the open transaction: what was sent in it and <paramref name="offsets"/> (the consumed positions of
    /// <paramref name="member"/>, whose group generation fences a member of an older one); then opens the next. On
    /// failure the transaction is aborted and the error thrown: nothing sent since the last commit is visible to
    /// read_committed readers and the offsets stay where they were.
    /// </summary>
    public void Commit(ITransportConsumer member, IReadOnlyCollection<FaustGen.TopicPartitionOffset> offsets, TimeSpan timeout)
    {
        var group = ((KafkaConsumer)member).GroupMetadata;
        transaction!.EnterWriteLock();
        try
        {
            try
            {
                if (offsets.Count > 0)
                {
                    producer.SendOffsetsToTransaction([.. offsets.Select(o => new Confluent.Kafka.TopicPartitionOffset(o.Topic, o.Partition, o.Offset))], group, timeout);
                }

                producer.CommitTransaction(timeout);
            }
            catch (KafkaException)
            {
                // A fenced or failed producer cannot abort either; the broker aborts the transaction then.
                try
                {
                    producer.AbortTransaction(timeout);
                    producer.BeginTransaction();
                }
                catch (KafkaException)
                {
                }

                throw;
            }

            producer.BeginTransaction();
        }
        finally
        {
            transaction.ExitWriteLock();
        }
    }

    /// <summary>
    /// After a transaction failed: replaces the producer with a new one that initialises the same transactional id
    /// (which aborts whatever the broker still holds open of it) and begins a transaction; sends wait meanwhile. Refused (false) when the producer reported a fatal error other than being
    /// fenced (a transaction that timed out fences it too), when <paramref name="error"/> is not a Kafka error, or when
    /// the new producer cannot initialise the transactional id (logged; the old producer stays).
    /// </summary>
    public bool Renew(Exception? error)
    {
        if (transaction is null || !Recoverable(error))
        {
            return false;
        }

        transaction.EnterWriteLock();
        try
        {
            // No abort first: the new producer's InitTransactions on the same transactional id aborts whatever the broker
            // still holds open of it, and an abort would wait out its timeout on a worker cut off from the cluster.
            // Built before the old one goes: if the new one cannot start, the app stops with the old one.
            (IProducer<byte[]?, byte[]?> Producer, StrongBox<Error?> Fatal) renewed;
            try
            {
                renewed = Build();
            }
            catch (KafkaException ex)
            {
                log.OnError(ex.Error);
                return false;
            }

            var (next, nextFatal) = renewed;
            TimeBound.Dispose(producer, "producer", closeTimeout, log.Logger);
            (producer, fatal) = (next, nextFatal);
            return true;
        }
        finally
        {
            transaction.ExitWriteLock();
        }
    }

    public ValueTask<RecordMetadata> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var delivered = new TaskCompletionSource<RecordMetadata>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            Produce(message, report =>
            {
                if (report.Error.IsError)
                {
                    delivered.TrySetException(Failure(report));
                }
                else
                {
                    delivered.TrySetResult(Metadata(report));
                }
            });
        }
        catch (DeliveryException ex)
        {
            return ValueTask.FromException<RecordMetadata>(ex);
        }

        return new(cancellationToken.CanBeCanceled ? delivered.Task.WaitAsync(cancellationToken) : delivered.Task);
    }

    public void Send(OutgoingMessage message, Action<RecordMetadata, Exception?>? onDelivery)
    {
        var handler = onDelivery is null ? null : handlers.GetValue(onDelivery, static callback => report =>
        {
            if (report.Error.IsError)
            {
                callback(default, Failure(report));
            }
            else
            {
                callback(Metadata(report), null);
            }
        });
        try
        {
            Produce(message, handler);
        }
        catch (DeliveryException ex) when (onDelivery is not null)
        {
            onDelivery(default, ex);
        }
    }

    /// <summary>librdkafka's flush waits at most its timeout, unless the handle's own locks are held by a close or a
    /// destroy that cannot finish (brokers cut off mid-request): then it is given up on a second after the timeout.</summary>
    public bool Flush(TimeSpan timeout)
    {
        transaction?.EnterReadLock();
        try
        {
            var left = -1;
            var returned = TimeBound.Run(() => left = producer.Flush(timeout), timeout + TimeSpan.FromSeconds(1),
                error => KafkaLog.LateFailure(log.Logger, error, "producer flush", error.Message));
            return returned && left == 0;
        }
        finally
        {
            transaction?.ExitReadLock();
        }
    }

    public void Dispose()
    {
        TimeBound.Dispose(producer, "producer", closeTimeout, log.Logger);
        transaction?.Dispose();
    }

    private static bool IsFencing(ErrorCode code) =>
        code is ErrorCode.ProducerFenced or ErrorCode.Local_Fenced or ErrorCode.InvalidProducerEpoch;

    /// <summary>Whether a new producer can go on after <paramref name="error"/> (null: sends were lost) and what this one
    /// reported: anything but a fatal error other than fencing, or a failure that is not Kafka's.</summary>
    private bool Recoverable(Exception? error)
    {
        var allowed = error switch
        {
            null => true,
            KafkaException { Error.IsFatal: false } => true,
            KafkaException fatalError => IsFencing(fatalError.Error.Code),
            _ => false,
        };
        return allowed && (Volatile.Read(ref fatal.Value) is not { } reported || IsFencing(reported.Code));
    }

    private (IProducer<byte[]?, byte[]?> Producer, StrongBox<Error?> Fatal) Build()
    {
        var reported = new StrongBox<Error?>();
        var built = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetKeySerializer(Serializers.ByteArray)
            .SetValueSerializer(Serializers.ByteArray)
            .SetLogHandler((_, message) => log.OnLog(message))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    Volatile.Write(ref reported.Value, error);
                }

                log.OnError(error);
            })
            .Build();
        if (transaction is not null)
        {
            try
            {
                // Fences an earlier producer with the same id (a restarted static member) and aborts its open transaction.
                built.InitTransactions(timeout);
                built.BeginTransaction();
            }
            catch
            {
                built.Dispose();
                throw;
            }
        }

        return (built, reported);
    }

    private static RecordMetadata Metadata(DeliveryReport<byte[]?, byte[]?> report) =>
        new(report.Topic, report.Partition.Value, report.Offset.Value, DateTimeOffset.FromUnixTimeMilliseconds(report.Message.Timestamp.UnixTimestampMs));

    private static DeliveryException Failure(DeliveryReport<byte[]?, byte[]?> report) =>
        new(report.Topic, $"{report.Error.Reason} ({report.Error.Code})", new KafkaException(report.Error), KindOf(report.Error.Code));

    /// <summary>The kind of a produce error, for production error handlers.</summary>
    private static ProductionErrorKind KindOf(ErrorCode code) => code switch
    {
        ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge => ProductionErrorKind.RecordTooLarge,
        ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed or ErrorCode.TransactionalIdAuthorizationFailed => ProductionErrorKind.Authorization,
        ErrorCode.Local_MsgTimedOut or ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut => ProductionErrorKind.TimedOut,
        _ => ProductionErrorKind.Other,
    };

    private static Headers? ToHeaders(MessageHeaders? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return null;
        }

        var converted = new Headers();
        foreach (var (name, value) in headers)
        {
            converted.Add(name, value);
        }

        return converted;
    }

    private void Produce(in OutgoingMessage message, Action<DeliveryReport<byte[]?, byte[]?>>? handler)
    {
        if (beforeFirstSend is not null)
        {
            EnsureSeen(message.Topic);
        }

        var kafkaMessage = new Message<byte[]?, byte[]?>
        {
            Key = message.Key,
            Value = message.Value,
            Headers = ToHeaders(message.Headers),
            Timestamp = message.Timestamp is { } timestamp ? new Timestamp(timestamp) : Timestamp.Default,
        };
        transaction?.EnterReadLock();
        try
        {
            ProduceQueued(message, kafkaMessage, handler);
        }
        finally
        {
            transaction?.ExitReadLock();
        }
    }

    private void ProduceQueued(in OutgoingMessage message, Message<byte[]?, byte[]?> kafkaMessage, Action<DeliveryReport<byte[]?, byte[]?>>? handler)
    {
        var deadline = Environment.TickCount64 + (long)QueueFullWait.TotalMilliseconds;
        while (true)
        {
            try
            {
                if (message.Partition is { } partition)
                {
                    producer.Produce(new KafkaTopicPartition(message.Topic, new Partition(partition)), kafkaMessage, handler);
                }
                else
                {
                    producer.Produce(message.Topic, kafkaMessage, handler);
                }

                return;
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(1);
            }
            catch (ProduceException<byte[]?, byte[]?> ex)
            {
                throw new DeliveryException(message.Topic, $"{ex.Error.Reason} ({ex.Error.Code})", ex, KindOf(ex.Error.Code));
            }
            catch (KafkaException ex)
            {
                throw new DeliveryException(message.Topic, $"{ex.Error.Reason} ({ex.Error.Code})", ex, KindOf(ex.Error.Code));
            }
        }
    }

    private void EnsureSeen(string topic)
    {
        lock (seenGate)
        {
            if (seenTopics.Contains(topic))
            {
                return;
            }
        }

        beforeFirstSend!(topic);
        lock (seenGate)
        {
            seenTopics.Add(topic);
        }
    }
}
