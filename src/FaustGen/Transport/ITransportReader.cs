namespace FaustGen.Transport;

/// <summary>Reads partitions assigned by hand, with no group and no commits. Used from one thread at a time.</summary>
public interface ITransportReader : IDisposable
{
    /// <summary>Starts reading each of <paramref name="partitions"/> at its offset (added to what is read already).</summary>
    void Assign(IReadOnlyCollection<TopicPartitionOffset> partitions);

    /// <summary>Stops reading <paramref name="partitions"/>.</summary>
    void Unassign(IReadOnlyCollection<TopicPartition> partitions);

    /// <summary>Fills <paramref name="buffer"/> with the next records of the assigned partitions, waiting at most
    /// <paramref name="timeout"/> for the first; returns how many it wrote.</summary>
    int Read(Span<ConsumedRecord> buffer, TimeSpan timeout);

    /// <summary>The offset of the oldest record kept in <paramref name="partition"/> and the offset the next
    /// record will get (the low and high watermarks). The high watermark is the end of the log also for a reader of
    /// committed messages, which cannot read past the last stable offset: records of transactions still open count,
    /// so that a reader that must reach the end waits until they are committed or aborted.</summary>
    (long Low, long High) GetWatermarks(TopicPartition partition);

    /// <summary>Where the reader is in <paramref name="partition"/>: the offset after what it has read, including
    /// records it does not hand over (transaction markers, aborted records); -1 when it cannot tell. It can be past the
    /// last record read, up to the high watermark.</summary>
    long GetPosition(TopicPartition partition);
}
