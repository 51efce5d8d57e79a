using Confluent.Kafka;
using FaustGen.Transport;

namespace FaustGen.Kafka;

/// <summary>Fills a span of records from a Confluent.Kafka consumer (shared by group members and readers).</summary>
internal static class RecordFetcher
{
    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the first record, then takes what is available at once until
    /// <paramref name="buffer"/> is full; returns how many records it wrote. Beyond what Confluent.Kafka
    /// allocates per message, it allocates only for messages that carry headers.
    /// </summary>
    public static int Fill(IConsumer<byte[]?, byte[]?> consumer, Span<ConsumedRecord> buffer, TimeSpan timeout, KafkaLog log)
    {
        var count = 0;
        while (count < buffer.Length)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(count == 0 ? timeout : TimeSpan.Zero);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // For example a subscribed topic that does not exist yet: report it and keep polling.
                log.OnConsumeFailed(ex.Error);
                break;
            }

            if (result is null)
            {
                break;
            }

            if (result.IsPartitionEOF)
            {
                continue;
            }

            var message = result.Message;
            buffer[count++] = new ConsumedRecord(
                result.Topic,
                result.Partition.Value,
                result.Offset.Value,
                DateTimeOffset.FromUnixTimeMilliseconds(message.Timestamp.UnixTimestampMs),
                message.Key,
                message.Value,
                ToHeaders(message.Headers));
        }

        return count;
    }

    private static MessageHeaders? ToHeaders(Headers? headers)
    {
        if (headers is not { Count: > 0 })
        {
            return null;
        }

        var converted = new MessageHeaders();
        foreach (var header in headers)
        {
            converted.Add(header.Key, header.GetValueBytes() ?? []);
        }

        return converted;
    }
}
