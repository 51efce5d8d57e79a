using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FaustGen.Cluster;

/// <summary>
/// Encodes a worker's entry in the cluster topic: the key is the member id; the value is JSON, written and read
/// by hand so that workers of other versions can add fields and the code stays free of reflection:
/// <c>{"url":…,"started":ms,"updated":ms,"partitions":[{"topic":"t","partitions":[0,1]}]}</c>.
/// </summary>
internal static class ClusterEntryCodec
{
    public static byte[] EncodeKey(string memberId) => Encoding.UTF8.GetBytes(memberId);

    public static byte[] EncodeValue(ClusterMember member)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("url", member.Url);
            writer.WriteNumber("started", member.Started.ToUnixTimeMilliseconds());
            writer.WriteNumber("updated", member.Updated.ToUnixTimeMilliseconds());
            writer.WriteStartArray("partitions");
            foreach (var topic in member.Partitions.GroupBy(p => p.Topic, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("topic", topic.Key);
                writer.WriteStartArray("partitions");
                foreach (var partition in topic.Select(p => p.Partition).Order())
                {
                    writer.WriteNumberValue(partition);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes an entry; returns null when the record is not one (a tombstone, or malformed).</summary>
    public static ClusterMember? Decode(byte[]? key, byte[]? value)
    {
        if (key is null || value is null)
        {
            return null;
        }

        try
        {
            string? url = null;
            long started = 0, updated = 0;
            var partitions = new List<TopicPartition>();
            var reader = new Utf8JsonReader(value);
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                Next(ref reader);
                switch (name)
                {
                    case "url":
                        url = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                        break;
                    case "started":
                        started = reader.GetInt64();
                        break;
                    case "updated":
                        updated = reader.GetInt64();
                        break;
                    case "partitions" when reader.TokenType == JsonTokenType.StartArray:
                        ReadPartitions(ref reader, partitions);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return new ClusterMember(
                Encoding.UTF8.GetString(key), url, DateTimeOffset.FromUnixTimeMilliseconds(started), DateTimeOffset.FromUnixTimeMilliseconds(updated), partitions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static void ReadPartitions(ref Utf8JsonReader reader, List<TopicPartition> partitions)
    {
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            string? topic = null;
            var numbers = new List<int>();
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                Next(ref reader);
                if (name == "topic")
                {
                    topic = reader.GetString();
                }
                else if (name == "partitions" && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (Next(ref reader) == JsonTokenType.Number)
                    {
                        numbers.Add(reader.GetInt32());
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            if (topic is not null)
            {
                partitions.AddRange(numbers.Select(n => new TopicPartition(topic, n)));
            }
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The entry ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"Expected {type}.");
        }
    }
}
