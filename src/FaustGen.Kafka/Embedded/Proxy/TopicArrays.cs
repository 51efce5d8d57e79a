namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>Reads one element of a topic's partition array; <paramref name="message"/> is at the element.</summary>
internal delegate void PartitionReader(string topic, ref WireReader message);

/// <summary>Reads one element of a topic's partition array and writes what replaces it to <paramref name="answer"/>.</summary>
internal delegate void PartitionRewriter(string topic, ref WireReader message, WireWriter answer);

/// <summary>
/// The array of topics most requests and responses the proxy reads are made of: each a name, an array of partitions
/// and, in flexible versions, tagged fields. A null array stays null.
/// </summary>
internal static class TopicArrays
{
    public static void Read(ref WireReader message, PartitionReader partition)
    {
        for (var topics = message.ArrayCount(); topics > 0; topics--)
        {
            var topic = message.String() ?? string.Empty;
            for (var partitions = message.ArrayCount(); partitions > 0; partitions--)
            {
                partition(topic, ref message);
            }

            message.TaggedFields();
        }
    }

    /// <summary>Writes the array to <paramref name="answer"/>, each partition as <paramref name="partition"/> rewrites it.</summary>
    public static void Rewrite(ref WireReader message, WireWriter answer, PartitionRewriter partition)
    {
        var topics = message.ArrayCount();
        answer.ArrayCount(topics);
        for (; topics > 0; topics--)
        {
            var topic = message.String() ?? string.Empty;
            var partitions = message.ArrayCount();
            answer.String(topic).ArrayCount(partitions);
            for (; partitions > 0; partitions--)
            {
                partition(topic, ref message, answer);
            }

            message.TaggedFields();
            answer.TaggedFields();
        }
    }
}
