using System.Runtime.CompilerServices;
using Confluent.Kafka;
using FaustGen.Transport;
using Microsoft.Extensions.Logging;
using KafkaTopicPartition = Confluent.Kafka.TopicPartition;

namespace FaustGen.Kafka;

/// <summary>
/// The app's producer. Sends are batched by librdkafka (<c>linger.ms</c>, <c>batch.size</c> through
/// <see cref="AppSettings.BrokerProperties"/>); delivery outcomes arrive on librdkafka's delivery thread.
/// A transactional producer (exactly-once) always has a transaction open: every send joins it, and
/// <see cref="CommitTransaction"/> commits it with the consumed offsets and opens the next.
/// </summary>
internal sealed class KafkaProducer : ITransportProducer, IDisposable
{
    // librdkafka's queue is full: wait for deliveries to make room (back-pressure on the sender) this long at most.
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromSeconds(30);

    private readonly IProducer<byte[]?, byte[]?> producer;
    private readonly Action<string>? beforeFirstSend;
    private readonly HashSet<string> seenTopics = new(StringComparer.Ordinal);
    private readonly Lock seenGate = new();
    // One delivery handler per caller-supplied callback, so fire-and-forget sends allocate no closure each.
    private readonly ConditionalWeakTable<Action<RecordMetadata, Exception?>, Action<DeliveryReport<byte[]?, byte[]?>>> handlers = [];
    // Transactional only: librdkafka refuses sends while a transaction commits, so sends share it and a commit owns it.
    private readonly ReaderWriterLockSlim? transaction;

    /// <param name="config">The producer's settings.</param>
    /// <param name="logger">Where librdkafka's log goes.</param>
    /// <param name="beforeFirstSend">Called once per topic before its first message (the embedded cluster creates missing topics).</param>
    /// <param name="timeout">How long a transactional producer may take to register its transactional id.</param>
    public KafkaProducer(ProducerConfig config, ILogger logger, Action<string>? beforeFirstSend, TimeSpan timeout)
    {
        this.beforeFirstSend = beforeFirstSend;
        producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetKeySerializer(Serializers.ByteArray)
            .SetValueSerializer(Serializers.ByteArray)
            .SetLogHandler((_, message) => KafkaLog.OnLog(logger, message))
            .SetErrorHandler((_, error) => KafkaLog.OnError(logger, error))
            .Build();
        if (config.TransactionalId is not null)
        {
            transaction = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
            // Fences an earlier producer with the same id (a restarted static member) and aborts its open transaction.
            producer.InitTransactions(timeout);
            producer.BeginTransaction();
        }
    }

    /// <summary>Whether sends join transactions that <see cref="CommitTransaction"/> commits.</summary>
    public bool IsTransactional => transaction is not null;

    /// <summary>
    /// Commits the open transaction: what was sent in it and <paramref name="offsets"/> (the consumed positions of
    /// the group member <paramref name="group"/> describes, which fences a member of an older generation); then opens
    /// the next. On failure the transaction is aborted and the error thrown: nothing sent since the last commit is
    /// visible to read_committed readers and the offsets stay where they were.
    /// </summary>
    public void CommitTransaction(IReadOnlyCollection<FaustGen.TopicPartitionOffset> offsets, IConsumerGroupMetadata group, TimeSpan timeout)
    {
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

    public void Flush(TimeSpan timeout) => producer.Flush(timeout);

    public void Dispose()
    {
        producer.Dispose();
        transaction?.Dispose();
    }

    private static RecordMetadata Metadata(DeliveryReport<byte[]?, byte[]?> report) =>
        new(report.Topic, report.Partition.Value, report.Offset.Value, DateTimeOffset.FromUnixTimeMilliseconds(report.Message.Timestamp.UnixTimestampMs));

    private static DeliveryException Failure(DeliveryReport<byte[]?, byte[]?> report) =>
        new(report.Topic, $"{report.Error.Reason} ({report.Error.Code})", new KafkaException(report.Error));

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
                throw new DeliveryException(message.Topic, $"{ex.Error.Reason} ({ex.Error.Code})", ex);
            }
            catch (KafkaException ex)
            {
                throw new DeliveryException(message.Topic, $"{ex.Error.Reason} ({ex.Error.Code})", ex);
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
