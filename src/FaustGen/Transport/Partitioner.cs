namespace FaustGen.Transport;

/// <summary>
/// Kafka's default partitioner for keyed messages (the Java client's <c>murmur2</c>, librdkafka's
/// <c>murmur2_random</c>): every transport places a key on the same partition, so tables and streams stay
/// co-partitioned with topics written by other Kafka clients.
/// </summary>
public static class Partitioner
{
    /// <summary>The partition of <paramref name="key"/> in a topic of <paramref name="partitions"/> partitions.</summary>
    public static int ForKey(ReadOnlySpan<byte> key, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return (Murmur2(key) & 0x7fffffff) % partitions;
    }

    /// <summary>Kafka's 32-bit murmur2 hash, seed 0x9747b28c.</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var whole = length & ~3;
        for (var i = 0; i < whole; i += 4)
        {
            var k = (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        switch (length & 3)
        {
            case 3:
                h ^= (uint)data[whole + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[whole + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[whole];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}
