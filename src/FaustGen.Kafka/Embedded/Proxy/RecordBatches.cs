using System.Buffers.Binary;

namespace FaustGen.Kafka.Embedded.Proxy;

/// <summary>
/// The fields of record batches (message format v2) the proxy reads from the records of produce requests and fetch
/// responses: base offset at 0, batch length at 8 (the bytes after it), magic at 16, attributes at 21 (0x10:
/// transactional), last offset delta at 23, producer id at 43; a batch header is 61 bytes.
/// </summary>
internal static class RecordBatches
{
    private const int HeaderSize = 61;
    private const int LengthPrefix = 12;

    /// <summary>Whether the records start with a transactional batch.</summary>
    public static bool IsTransactional(ReadOnlySpan<byte> records) =>
        records.Length >= HeaderSize && records[16] == 2 && (BinaryPrimitives.ReadInt16BigEndian(records[21..]) & 0x10) != 0;

    /// <summary>The producer id of the first batch.</summary>
    public static long ProducerId(ReadOnlySpan<byte> records) => BinaryPrimitives.ReadInt64BigEndian(records[43..]);

    /// <summary>The base offset of the first batch.</summary>
    public static long BaseOffset(ReadOnlySpan<byte> records) => BinaryPrimitives.ReadInt64BigEndian(records);

    /// <summary>How many records the (complete) batches hold.</summary>
    public static int RecordCount(ReadOnlySpan<byte> records)
    {
        var count = 0;
        for (var at = 0; at + HeaderSize <= records.Length; at = Next(records, at))
        {
            count += BinaryPrimitives.ReadInt32BigEndian(records[(at + 23)..]) + 1;
        }

        return count;
    }

    /// <summary>How many bytes the leading batches whose base offset is below <paramref name="end"/> take (the last
    /// one may be partial, as fetch responses end).</summary>
    public static int Below(ReadOnlySpan<byte> records, long end)
    {
        var kept = 0;
        while (kept + LengthPrefix <= records.Length && BinaryPrimitives.ReadInt64BigEndian(records[kept..]) < end)
        {
            kept = Math.Min(records.Length, Next(records, kept));
        }

        return kept;
    }

    private static int Next(ReadOnlySpan<byte> records, int at)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(records[(at + 8)..]);
        return length < HeaderSize - LengthPrefix
            ? throw new InvalidDataException($"A record batch at {at} claims {length} bytes, fewer than its header.")
            : (int)Math.Min((long)at + LengthPrefix + length, int.MaxValue);
    }
}
